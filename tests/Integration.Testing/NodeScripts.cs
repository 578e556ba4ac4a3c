using System.Diagnostics;
using System.Text.Json;

namespace Integration.Testing;

/// <summary>
/// Runs JavaScript clients (vendors' and standard libraries, unchanged) from a test's output folder: installs
/// them with <c>npm ci</c> from the committed lock file (again when the lock file changed), runs a script with node and
/// reads the JSON it prints last.
/// </summary>
public sealed class NodeScripts(string folder)
{
    private readonly SemaphoreSlim _installing = new(1, 1);

    public async Task<JsonElement> RunAsync(string script, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        await EnsureInstalledAsync(cancellationToken);
        var (exitCode, output, errors) = await ExecuteAsync("node", script, environment, cancellationToken);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{script} exited {exitCode}:\n{errors}\n{output}");
        }

        return JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement.Clone();
    }

    private async Task EnsureInstalledAsync(CancellationToken cancellationToken)
    {
        await _installing.WaitAsync(cancellationToken);
        try
        {
            // Installed, and from this lock file: npm ci writes its own copy of the lock it installed into node_modules.
            var installed = new FileInfo(Path.Combine(folder, "node_modules", ".package-lock.json"));
            if (!installed.Exists || installed.LastWriteTimeUtc < File.GetLastWriteTimeUtc(Path.Combine(folder, "package-lock.json")))
            {
                var (exitCode, output, errors) = await ExecuteAsync("npm", "ci --no-audit --no-fund --loglevel=error", new Dictionary<string, string>(), cancellationToken);
                if (exitCode != 0)
                {
                    throw new InvalidOperationException($"npm ci exited {exitCode}:\n{errors}\n{output}");
                }
            }
        }
        finally
        {
            _installing.Release();
        }
    }

    private async Task<(int ExitCode, string Output, string Errors)> ExecuteAsync(string program, string arguments,
        IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program, arguments) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await errors);
    }
}
