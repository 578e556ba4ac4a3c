using System.Net;
using System.Net.Sockets;

namespace Integration.Hosting.Orchestration;

internal static class PortAllocator
{
    public static readonly IPAddress Host = IPAddress.Loopback;

    /// <summary>A port free right now on 127.0.0.1, chosen by the OS.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(Host, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(Host, port);
            listener.Server.ExclusiveAddressUse = true;
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
