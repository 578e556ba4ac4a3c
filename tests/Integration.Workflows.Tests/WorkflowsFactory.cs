using Integration.Testing;

namespace Integration.Workflows.Tests;

/// <summary>The workflow service in process with its Orleans silo on free ports, clustered through its own test Redis.</summary>
public class WorkflowsFactory : ServiceFactory<Program>
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Orleans:ClusterId"] = $"test-{Guid.NewGuid():N}",
        ["Workflows:ScheduleCheckInterval"] = "00:00:00.500",
        ["Orleans:Endpoints:AdvertisedIPAddress"] = "127.0.0.1",
        ["Orleans:Endpoints:SiloPort"] = TestPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Orleans:Endpoints:GatewayPort"] = TestPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

}
