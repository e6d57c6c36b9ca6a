using System.Net;
using System.Net.Sockets;

namespace LiveBoard.Cluster.Tests.Infrastructure;

static class Loopback
{
    /// A port nobody listens on right now (the OS picks it; another process could still take it before we do).
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
