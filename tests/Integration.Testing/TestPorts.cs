using System.Net;
using System.Net.Sockets;

namespace Integration.Testing;

public static class TestPorts
{
    /// <summary>A port of 127.0.0.1 that was free a moment ago (the operating system's choice), for servers a test starts.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
