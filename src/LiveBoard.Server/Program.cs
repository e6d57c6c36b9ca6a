using LiveBoard.Server.Accounts;
using LiveBoard.Server.Data;
using LiveBoard.Server.Demo;
using LiveBoard.Server.Displays;
using LiveBoard.Server.Hosting;
using LiveBoard.Server.Live;
using LiveBoard.Server.Marking;
using LiveBoard.Server.Results;
using LiveBoard.Server.Setup;
using LiveBoard.Server.Telemetry;

var (flags, rest) = StartupFlags.Parse(args);
// The app's own folder is its content root (appsettings.json, a published wwwroot/), whatever folder it is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = rest, ContentRootPath = AppContext.BaseDirectory });

builder.AddHosting();
builder.AddTelemetry();
builder.AddStorage();
builder.AddAccounts();
builder.AddMarking();
builder.AddLiveUpdates();
builder.AddDisplays();
builder.AddDemo(flags.Simulate);

var app = builder.Build();

app.UseHosting();
app.MapAccounts();
app.MapAccessCodeSheet();
app.MapSeries();
app.MapCompetitions();
app.MapSchemes();
app.MapPeople();
app.MapMarking();
app.MapJudging();
app.MapResults();
app.MapLive();
app.MapDisplays();
app.MapStartPage();
app.MapMetrics();

await app.PrepareStorageAsync(flags.Demo);
await app.PrepareAccountsAsync(StorageSetup.DataFolder(app.Services));
await app.PrepareLiveAsync();
app.Run();

public partial class Program;
