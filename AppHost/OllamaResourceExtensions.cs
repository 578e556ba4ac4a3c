using Integration.Hosting;
using Integration.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace Integration.AppHost;

internal static class OllamaResourceExtensions
{
    /// <summary>
    /// Large-model generation for the inference service's "ollama" backend, only when there is one to use:
    /// an external endpoint given as the <c>ollama-endpoint</c> parameter (e.g. a GPU host), or else an
    /// <c>ollama</c> executable on PATH, started as a resource. With neither, the backend stays unconfigured
    /// and the embedded engine (and each model's fallback) serves.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithOllamaWhenConfigured(this IResourceBuilder<ProjectResource> inference, IDistributedApplicationBuilder builder)
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration["Parameters:ollama-endpoint"]))
        {
            return inference.WithEnvironment("Inference__Backends__ollama__Endpoint", builder.AddParameter("ollama-endpoint"));
        }

        // Publish mode describes deployments: a binary on this machine's PATH is not part of one.
        if (!builder.ExecutionContext.IsRunMode || builder.Configuration.GetValue("Ollama:Disabled", false) || FindOnPath("ollama") is not { } ollamaPath)
        {
            return inference;
        }

        var ollama = builder.AddExecutable("ollama", ollamaPath, ".", "serve")
            .WithHttpEndpoint(port: Ports.Ollama)
            .WithHttpHealthCheck("/api/version");
        var endpoint = ollama.Resource.GetEndpoint("http");
        ollama.WithEnvironment("OLLAMA_HOST", endpoint);
        return inference.WithEnvironment("Inference__Backends__ollama__Endpoint", endpoint);
    }

    private static string? FindOnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, command))
            .FirstOrDefault(File.Exists);
}
