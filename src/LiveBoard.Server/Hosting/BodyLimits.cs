using Microsoft.AspNetCore.Http.Features;

namespace LiveBoard.Server.Hosting;

/// The most an endpoint reads from a request body. API calls are small JSON (a scheme of a few hundred rows is ~100 KB);
/// CSV imports get more. Past the limit the answer is 413 as problem details, whether the client announced the length or
/// streamed it, and on every server (Kestrel's own 30 MB limit surfaced as a 500 from the CSV importers).
public sealed record BodyLimit(long Bytes)
{
    public const long Json = 256 * 1024;
    public const long Csv = 5 * 1024 * 1024;
}

public static class BodyLimits
{
    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder builder, long bytes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new BodyLimit(bytes));

    public static IApplicationBuilder UseBodyLimits(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        // Only the API: SignalR and static files keep their own rules.
        if (!http.Request.Path.StartsWithSegments("/api"))
        {
            await next(http);
            return;
        }
        var limit = http.GetEndpoint()?.Metadata.GetMetadata<BodyLimit>()?.Bytes ?? BodyLimit.Json;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature) feature.MaxRequestBodySize = limit;
        if (http.Request.ContentLength > limit) throw TooLarge(limit);
        http.Request.Body = new LimitedStream(http.Request.Body, limit);
        await next(http);
    });

    internal static BadHttpRequestException TooLarge(long limit) =>
        new($"请求体过大,最多 {limit / 1024} KB / The request body is too large: at most {limit / 1024} KB", StatusCodes.Status413PayloadTooLarge);

    /// Counts what is read and stops at the limit, for bodies sent without a length (chunked) and servers without a limit of their own.
    sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        long read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        int Count(int n)
        {
            read += n;
            return read > limit ? throw TooLarge(limit) : n;
        }
    }
}
