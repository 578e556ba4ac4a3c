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
        if (!builder.ExecutionContext.IsRunMode || builder.Configuration.GetValue("Ollama:Disabled", false) || Preflight.FindOnPath("ollama") is not { } ollamaPath)
        {
            return inference;
        }

        var ollama = builder.AddExecutable("ollama", ollamaPath, builder.AppHostDirectory, "serve")
            .WithHttpEndpoint(port: Ports.Ollama, name: "http")
            .WithHttpHealthCheck("/api/version");
        var endpoint = ollama.GetEndpoint("http");
        // Ollama listens where OLLAMA_HOST says: the port DCP's proxy forwards to.
        ollama.WithEnvironment("OLLAMA_HOST", ReferenceExpression.Create($"127.0.0.1:{endpoint.Property(EndpointProperty.TargetPort)}"));
        return inference.WithEnvironment("Inference__Backends__ollama__Endpoint", endpoint);
    }
}
