using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;

namespace Integration.AppHost;

/// <summary>
/// What must hold before anything starts, checked in run mode: the programs that resources run are installed, and
/// the fixed ports (the services', Redis's, the dashboard's) are free. Aspire would otherwise start the rest and leave
/// one resource failed; this says what is wrong once, in a sentence, and starts nothing.
/// </summary>
internal static class Preflight
{
    public static IReadOnlyList<string> Problems(IDistributedApplicationBuilder builder)
    {
        var problems = new List<string>();
        if (!builder.ExecutionContext.IsRunMode)
        {
            return problems;
        }

        foreach (var executable in builder.Resources.OfType<ExecutableResource>().Where(e => FindOnPath(e.Command) is null))
        {
            problems.Add($"Resource '{executable.Name}' runs '{executable.Command}', which is not installed. " +
                         (executable.Command == "redis-server" ? "Install it with 'sudo apt-get install -y redis-server' (./run.sh does this for you)." : "Install it or put it on PATH."));
        }

        if (builder.Configuration.GetValue("DcpPublisher:RandomizePorts", false))
        {
            return problems;
        }

        foreach (var resource in builder.Resources.OfType<IResourceWithEndpoints>())
        {
            foreach (var endpoint in resource.Annotations.OfType<EndpointAnnotation>().Where(e => e.Port is int port && !IsFree(port)))
            {
                problems.Add($"Port {endpoint.Port} (resource '{resource.Name}', endpoint '{endpoint.Name}') is already in use. " +
                             "Stop whatever holds it (another ./run.sh?), or start with --DcpPublisher:RandomizePorts=true to take free ports.");
            }
        }

        foreach (var setting in new[] { "ASPNETCORE_URLS", "ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL", "ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL" })
        {
            if (Uri.TryCreate(builder.Configuration[setting]?.Split(';')[0], UriKind.Absolute, out var url) && !IsFree(url.Port))
            {
                problems.Add($"Port {url.Port} (the dashboard's {setting}) is already in use. Stop whatever holds it, or set {setting} to another port.");
            }
        }

        return problems;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static string? FindOnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, command))
            .FirstOrDefault(File.Exists);
}
