using System.Net;
using System.Net.Sockets;
using Integration.Testing;

namespace Integration.Workflows.Tests;

/// <summary>The workflow service in process with its Orleans silo on free ports, clustered through its own test Redis.</summary>
public class WorkflowsFactory : ServiceFactory<Program>
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Orleans:ClusterId"] = $"test-{Guid.NewGuid():N}",
        ["Workflows:ScheduleCheckInterval"] = "00:00:00.500",
        ["Orleans:Endpoints:SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Orleans:Endpoints:GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
