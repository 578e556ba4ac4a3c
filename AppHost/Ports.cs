namespace Integration.AppHost;

/// <summary>
/// Fixed local ports (README "Default URLs"). Tests, and runs with --DcpPublisher:RandomizePorts=true, take free ports instead.
/// Redis is not on 6379 so that it never meets a system Redis that apt may have started.
/// </summary>
internal static class Ports
{
    public const int Portal = 5100;
    public const int Workflows = 5101;
    public const int Inference = 5102;
    public const int Governance = 5103;
    public const int Connectors = 5104;
    public const int Sandbox = 5105;
    public const int Redis = 6380;
    public const int Ollama = 11434;
}
