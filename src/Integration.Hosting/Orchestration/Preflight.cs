using Integration.Hosting.ApplicationModel;

namespace Integration.Hosting.Orchestration;

/// <summary>What must hold before anything starts: programs installed, projects built, fixed ports free.</summary>
internal static class Preflight
{
    public static void Check(IReadOnlyList<IResource> resources, HostingOptions options)
    {
        var errors = new List<string>();
        foreach (var redis in resources.OfType<RedisResource>().Take(1).Where(_ => FindOnPath("redis-server") is null))
        {
            errors.Add($"redis-server is not installed (resource '{redis.Name}' needs it). Install it with 'sudo apt-get install -y redis-server'; ./run.sh does this for you.");
        }

        foreach (var executable in resources.OfType<ExecutableResource>().Where(e => FindOnPath(e.Command) is null))
        {
            errors.Add($"Executable '{executable.Name}': command '{executable.Command}' was not found on PATH.");
        }

        foreach (var project in resources.OfType<ProjectResource>().Where(p => p.TargetPath is not null && !File.Exists(p.TargetPath)))
        {
            errors.Add($"Project '{project.Name}' is not built: '{project.TargetPath}' is missing. Run 'dotnet build' first.");
        }

        if (!options.RandomizePorts)
        {
            foreach (var resource in resources)
            {
                foreach (var endpoint in resource.Endpoints().Where(e => e.Port is int port && !PortAllocator.IsFree(port)))
                {
                    errors.Add($"Port {endpoint.Port} (resource '{resource.Name}', endpoint '{endpoint.Name}') is already in use. " +
                               "Stop whatever holds it, or start with --Hosting:RandomizePorts=true to take free ports.");
                }
            }
        }

        if (errors.Count > 0)
        {
            throw new DistributedApplicationException("Cannot start; nothing was started:" + string.Concat(errors.Select(e => "\n  - " + e)));
        }
    }

    public static string? FindOnPath(string command)
    {
        if (command.Contains(Path.DirectorySeparatorChar))
        {
            return File.Exists(command) ? Path.GetFullPath(command) : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, command))
            .FirstOrDefault(File.Exists);
    }
}
