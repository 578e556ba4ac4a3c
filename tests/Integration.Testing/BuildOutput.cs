using System.Reflection;

namespace Integration.Testing;

/// <summary>Where a project of this repository put its build, for the configuration and framework the caller was built with.</summary>
public static class BuildOutput
{
    /// <summary>E.g. <c>Of("src/Integration.Sandbox")</c> gives src/Integration.Sandbox/bin/Debug/net10.0/Integration.Sandbox.dll.</summary>
    public static string Of(string projectFolder, string? assemblyName = null)
    {
        var caller = Assembly.GetEntryAssembly() ?? Assembly.GetExecutingAssembly();
        var configuration = caller.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
        var path = Path.Combine(RepositoryRoot, projectFolder, "bin", configuration, framework, (assemblyName ?? Path.GetFileName(projectFolder)) + ".dll");
        return File.Exists(path) ? path : throw new InvalidOperationException($"{projectFolder} is not built ({path} is missing): reference its project from the caller's.");
    }

    public static string RepositoryRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Integration.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Integration.sln was not found above " + AppContext.BaseDirectory);
    }
}
