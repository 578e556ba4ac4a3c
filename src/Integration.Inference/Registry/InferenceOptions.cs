using System.ComponentModel.DataAnnotations;

namespace Integration.Inference.Registry;

public sealed class InferenceOptions
{
    public const string SectionName = "Inference";

    /// <summary>Longest prompt accepted, in characters, before any model sees it (all messages together).</summary>
    [Range(1, 4_000_000)]
    public int MaxPromptCharacters { get; set; } = 200_000;

    /// <summary>How long a deterministic (temperature 0) answer is served from the Redis cache.</summary>
    public TimeSpan CacheTtl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How much lower than the promoted version's a candidate's golden-set accuracy and macro-F1 may be and still be promoted.</summary>
    [System.ComponentModel.DataAnnotations.Range(0.0, 1.0)]
    public double PromotionTolerance { get; set; } = 0.01;

    /// <summary>Below this confidence a classifier's answer counts as "not sure" in the out-of-distribution check.</summary>
    [System.ComponentModel.DataAnnotations.Range(0.0, 1.0)]
    public double OutOfDistributionThreshold { get; set; } = 0.5;

    /// <summary>
    /// The governance service's base address (e.g. <c>http://governance</c>), whose audit chain gets every promotion decision;
    /// they wait in the outbox while it is empty or unreachable.
    /// </summary>
    public string? AuditTarget { get; set; }

    /// <summary>
    /// The workflow service's base address (e.g. <c>http://workflows</c>), which takes drift alerts as trigger events; they
    /// wait in the outbox while it is empty or unreachable.
    /// </summary>
    public string? EventsTarget { get; set; }

    public Dictionary<string, BackendOptions> Backends { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, ModelOptions> Models { get; set; } = new(StringComparer.Ordinal);
}

public enum BackendKind
{
    Embedded,
    Ollama,
    OpenAI,
}

public sealed class BackendOptions
{
    public BackendKind Kind { get; set; } = BackendKind.Embedded;

    /// <summary>Base URL of an Ollama or OpenAI-compatible server; empty means "not configured".</summary>
    public string? Endpoint { get; set; }

    /// <summary>Sent as a bearer token (vLLM, OpenAI); a secret, never logged or shown.</summary>
    public string? ApiKey { get; set; }

    [Range(1, 10_000)]
    public int MaxConcurrency { get; set; } = 8;

    /// <summary>Longest a call may take, waiting for a free slot included, before the next in the fallback chain is tried.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);
}

public sealed class ModelOptions
{
    public string Backend { get; set; } = "embedded";

    /// <summary>The model's name on its backend (e.g. <c>llama3.2:3b</c>); defaults to the logical name.</summary>
    public string? BackendModel { get; set; }

    public ModelTask Task { get; set; } = ModelTask.Chat;

    public string Version { get; set; } = "1";

    public string? Description { get; set; }

    public int ContextLength { get; set; } = 4096;

    public decimal CostPer1kInput { get; set; }

    public decimal CostPer1kOutput { get; set; }

    /// <summary>Models to try, in order, when this model's backend fails, times out or is saturated.</summary>
    public List<string> Fallback { get; set; } = [];

    /// <summary>An A/B split: requests go to one of these models, sticky per routing key.</summary>
    public List<SplitVariant> Split { get; set; } = [];

    /// <summary>Task settings for embedded models (collection, passages, minScore, sentences).</summary>
    public Dictionary<string, string> Parameters { get; set; } = new(StringComparer.Ordinal);
}

public sealed class SplitVariant
{
    public string Model { get; set; } = "";

    public int Weight { get; set; } = 1;
}

public enum ModelTask
{
    Chat,
    Classify,
    Extract,
    Summarize,
    Draft,
    Embed,
}
