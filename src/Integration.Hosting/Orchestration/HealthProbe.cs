using System.Net.Sockets;
using System.Text;
using Integration.Hosting.ApplicationModel;

namespace Integration.Hosting.Orchestration;

/// <summary>
/// Is one replica ready? Redis: answers PING. A declared HTTP health path: answers 2xx.
/// Otherwise: every endpoint accepts connections (or, with none, the process runs).
/// </summary>
internal static class HealthProbe
{
    public static async Task<bool> IsHealthyAsync(
        IResource resource, int replica, Func<EndpointAnnotation, int, int> portOf, HttpClient http, CancellationToken cancellationToken)
    {
        try
        {
            if (resource is RedisResource redis)
            {
                return await RedisPingAsync(portOf(redis.PrimaryEndpoint.Endpoint, replica), cancellationToken);
            }

            if (resource.AnnotationsOf<HealthProbeAnnotation>().LastOrDefault() is { } probe)
            {
                var endpoint = resource.Endpoints().Single(e => e.Name == probe.EndpointName);
                var url = $"{endpoint.Scheme}://{PortAllocator.Host}:{portOf(endpoint, replica)}{probe.Path}";
                using var response = await http.GetAsync(url, cancellationToken);
                return response.IsSuccessStatusCode;
            }

            foreach (var endpoint in resource.Endpoints())
            {
                using var client = new TcpClient();
                await client.ConnectAsync(PortAllocator.Host, portOf(endpoint, replica), cancellationToken);
            }

            return true;
        }
        catch (Exception ex) when (ex is HttpRequestException or SocketException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static async Task<bool> RedisPingAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(PortAllocator.Host, port, cancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellationToken);
        var buffer = new byte[64];
        var read = await stream.ReadAsync(buffer, cancellationToken);
        return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
    }
}
