namespace Integration.Contracts.Inference;

/// <summary>Headers the inference gateway reads and writes next to the Ollama and OpenAI APIs it serves.</summary>
public static class InferenceHeaders
{
    /// <summary>Keeps one caller (a workflow instance, a ticket) on one A/B variant.</summary>
    public const string RoutingKey = "X-Routing-Key";

    /// <summary>The model that answered: a variant of an A/B split or a fallback, where the request named another.</summary>
    public const string ServedModel = "X-Inference-Model";

    /// <summary>Which version of the served model answered (e.g. <c>1/trained-3</c>: its configured version and its promoted training run).</summary>
    public const string ServedRevision = "X-Inference-Model-Revision";

    /// <summary>What the call cost at the served model's configured prices (0 for an answer from the cache), invariant culture.</summary>
    public const string Cost = "X-Inference-Cost";

    public const string Backend = "X-Inference-Backend";
    public const string Cache = "X-Inference-Cache";
    public const string FallbackFrom = "X-Inference-Fallback-From";
}
