using System.Net;
using System.Net.Sockets;

namespace Integration.Hosting.Orchestration;

/// <summary>
/// Listens on a resource's public port and hands each TCP connection to the next replica in turn,
/// so that callers see one address however many replicas run (as Aspire's proxy does).
/// </summary>
internal sealed class ReplicaProxy(int listenPort, IReadOnlyList<int> replicaPorts) : IAsyncDisposable
{
    private readonly TcpListener _listener = new(PortAllocator.Host, listenPort);
    private readonly CancellationTokenSource _stop = new();
    private int _next = -1;
    private Task _acceptLoop = Task.CompletedTask;

    public void Start()
    {
        _listener.Start();
        _acceptLoop = AcceptLoopAsync(_stop.Token);
    }

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await _listener.AcceptTcpClientAsync(cancellationToken);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            _ = PumpAsync(inbound, cancellationToken);
        }
    }

    private async Task PumpAsync(TcpClient inbound, CancellationToken cancellationToken)
    {
        using var _ = inbound;
        using var outbound = new TcpClient();
        // Try each replica once, starting with the next in turn, so that one dead replica costs no request.
        for (var attempt = 0; attempt < replicaPorts.Count; attempt++)
        {
            var port = replicaPorts[(int)((uint)Interlocked.Increment(ref _next) % replicaPorts.Count)];
            try
            {
                await outbound.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                break;
            }
            catch (SocketException)
            {
            }
        }

        if (!outbound.Connected)
        {
            return;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var inboundStream = inbound.GetStream();
        var outboundStream = outbound.GetStream();
        try
        {
            await Task.WhenAny(
                inboundStream.CopyToAsync(outboundStream, linked.Token),
                outboundStream.CopyToAsync(inboundStream, linked.Token));
        }
        catch (Exception) when (linked.IsCancellationRequested || inbound.Connected is false)
        {
        }
        catch (IOException)
        {
        }
        finally
        {
            await linked.CancelAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        _stop.Dispose();
    }
}
