using System.Diagnostics;
using System.Net.Sockets;

namespace Integration.Testing;

/// <summary>
/// A real redis-server for one test class, as the AppHost runs it: 127.0.0.1 on a free port, AOF on, its data in a
/// temporary folder; stopped and deleted on dispose.
/// </summary>
public sealed class TestRedis : IAsyncDisposable
{
    private readonly Process _process;

    private TestRedis(Process process, int port, string stateDirectory)
    {
        _process = process;
        Port = port;
        StateDirectory = stateDirectory;
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public string StateDirectory { get; }

    public static async Task<TestRedis> StartAsync(CancellationToken cancellationToken = default)
    {
        var directory = Directory.CreateTempSubdirectory("test-redis-").FullName;
        var port = TestPorts.Free();
        var start = new ProcessStartInfo("redis-server")
        {
            ArgumentList = { "--bind", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--dir", directory, "--appendonly", "yes", "--save", "", "--daemonize", "no" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException("redis-server is not installed; the tests need it. Install it with 'sudo apt-get install -y redis-server' (./test.sh does this).");
        }

        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var redis = new TestRedis(process, port, directory);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await redis.AnswersPingAsync(cancellationToken))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await redis.DisposeAsync();
                throw new InvalidOperationException($"redis-server on port {port} did not start (exit code {(process.HasExited ? process.ExitCode : "none")}).");
            }

            await Task.Delay(20, cancellationToken);
        }

        return redis;
    }

    private async Task<bool> AnswersPingAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port, cancellationToken);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellationToken);
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer, cancellationToken);
            return System.Text.Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(StateDirectory, recursive: true);
    }
}
