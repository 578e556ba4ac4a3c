namespace Integration.Inference.Gateway;

/// <summary>A request the gateway refuses or cannot serve; the APIs turn it into their own error shape.</summary>
public sealed class GatewayException(int status, string message, string? code = null) : Exception(message)
{
    public int Status { get; } = status;

    /// <summary>A stable machine-readable reason, e.g. <c>model_not_found</c>, <c>context_length_exceeded</c>.</summary>
    public string Code { get; } = code ?? (status switch
    {
        404 => "model_not_found",
        502 or 503 or 504 => "backend_unavailable",
        _ => "invalid_request",
    });

    public static GatewayException UnknownModel(string? name) => new(404, $"model '{name}' not found");
}
