using System.Globalization;

namespace Integration.Testing;

/// <summary>The settings a workflow service in a test needs for its Orleans silo: a cluster of its own, on free ports of 127.0.0.1.</summary>
public static class SiloSettings
{
    public static Dictionary<string, string?> OnFreePorts() => new()
    {
        ["Orleans:ClusterId"] = $"test-{Guid.NewGuid():N}",
        ["Orleans:Endpoints:AdvertisedIPAddress"] = "127.0.0.1",
        ["Orleans:Endpoints:SiloPort"] = TestPorts.Free().ToString(CultureInfo.InvariantCulture),
        ["Orleans:Endpoints:GatewayPort"] = TestPorts.Free().ToString(CultureInfo.InvariantCulture),
    };
}
