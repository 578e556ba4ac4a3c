using System.Net;
using System.Net.Sockets;
using Integration.ServiceDefaults.Auth;
using Integration.Testing;

namespace Integration.Inference.Tests;

/// <summary>
/// The inference service under test, with real upstream backends besides its embedded engine: a second
/// inference service on a real Kestrel port plays the Ollama and OpenAI-compatible server (it speaks both
/// APIs), a closed port plays a server that is down, and a listener that never answers plays a hung one.
/// </summary>
public sealed class InferenceFactory : ServiceFactory<Program>
{
    private readonly UpstreamFactory _upstream = new();
    private readonly TcpListener _hung = new(IPAddress.Loopback, 0);

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await _upstream.InitializeAsync();
        _upstream.UseKestrel(0);
        _upstream.StartServer();
        _hung.Start(); // accepts connections into the backlog and never answers
    }

    public Uri UpstreamAddress => _upstream.ClientOptions.BaseAddress;

    protected override IReadOnlyDictionary<string, string?> Settings
    {
        get
        {
            var upstreamToken = IssueToken(_upstream.SigningKey, "gateway", [Roles.Service], TimeSpan.FromHours(2));
            var upstream = UpstreamAddress.ToString().TrimEnd('/');
            var closedPort = TestPorts.Free();
            return new Dictionary<string, string?>
            {
                ["Inference:Backends:upstream-ollama:Kind"] = "Ollama",
                ["Inference:Backends:upstream-ollama:Endpoint"] = upstream,
                ["Inference:Backends:upstream-ollama:ApiKey"] = upstreamToken,
                ["Inference:Backends:upstream-openai:Kind"] = "OpenAI",
                ["Inference:Backends:upstream-openai:Endpoint"] = upstream + "/v1",
                ["Inference:Backends:upstream-openai:ApiKey"] = upstreamToken,
                ["Inference:Backends:down:Kind"] = "Ollama",
                ["Inference:Backends:down:Endpoint"] = $"http://127.0.0.1:{closedPort}",
                ["Inference:Backends:hung:Kind"] = "Ollama",
                ["Inference:Backends:hung:Endpoint"] = $"http://127.0.0.1:{((IPEndPoint)_hung.LocalEndpoint).Port}",
                ["Inference:Backends:hung:Timeout"] = "00:00:01",
                ["Inference:Models:remote-summarizer:Backend"] = "upstream-ollama",
                ["Inference:Models:remote-summarizer:BackendModel"] = "ticket-summarizer",
                ["Inference:Models:remote-summarizer:Task"] = "Summarize",
                ["Inference:Models:remote-embedder:Backend"] = "upstream-ollama",
                ["Inference:Models:remote-embedder:BackendModel"] = "kb-embedder",
                ["Inference:Models:remote-embedder:Task"] = "Embed",
                ["Inference:Models:remote-classifier:Backend"] = "upstream-ollama",
                ["Inference:Models:remote-classifier:BackendModel"] = "ticket-classifier",
                ["Inference:Models:remote-classifier:Task"] = "Classify",
                ["Inference:Models:remote-classifier:CostPer1kInput"] = "0.002",
                ["Inference:Models:remote-classifier:CostPer1kOutput"] = "0.006",
                ["Inference:Models:remote-extractor:Backend"] = "upstream-ollama",
                ["Inference:Models:remote-extractor:BackendModel"] = "ticket-extractor",
                ["Inference:Models:remote-extractor:Task"] = "Extract",
                // Prompt-template arms: one upstream model, two prompts, split half and half.
                ["Inference:Models:triage-experiment:Split:0:Model"] = "triage-plain",
                ["Inference:Models:triage-experiment:Split:0:Weight"] = "50",
                ["Inference:Models:triage-experiment:Split:1:Model"] = "triage-hinted",
                ["Inference:Models:triage-experiment:Split:1:Weight"] = "50",
                ["Inference:Models:triage-plain:Backend"] = "upstream-ollama",
                ["Inference:Models:triage-plain:BackendModel"] = "ticket-classifier",
                ["Inference:Models:triage-plain:Task"] = "Classify",
                ["Inference:Models:triage-hinted:Backend"] = "upstream-ollama",
                ["Inference:Models:triage-hinted:BackendModel"] = "ticket-classifier",
                ["Inference:Models:triage-hinted:Task"] = "Classify",
                ["Inference:Models:triage-hinted:Parameters:system"] = "You sort support tickets.",
                ["Inference:Models:triage-hinted:Parameters:template"] = "Where is my parcel? It has not arrived, the tracking shows no movement for a week and the courier cannot find it. {input}",
                // The drafter as it shipped before: passages found by words (BM25), the baseline the drafter evaluation compares with.
                ["Inference:Models:drafter-by-words:Task"] = "Draft",
                ["Inference:Models:drafter-by-words:Parameters:passages"] = "1",
                ["Inference:Models:drafter-by-words:Parameters:retrieval"] = "lexical",
                ["Inference:Models:drafter-by-words:Parameters:minScore"] = "4.0",
                ["Inference:Models:openai-summarizer:Backend"] = "upstream-openai",
                ["Inference:Models:openai-summarizer:BackendModel"] = "ticket-summarizer",
                ["Inference:Models:openai-summarizer:Task"] = "Summarize",
                ["Inference:Models:down-chat:Backend"] = "down",
                ["Inference:Models:down-chat:Task"] = "Chat",
                ["Inference:Models:down-with-fallback:Backend"] = "down",
                ["Inference:Models:down-with-fallback:Task"] = "Chat",
                ["Inference:Models:down-with-fallback:Fallback:0"] = "ticket-summarizer",
                ["Inference:Models:hung-with-fallback:Backend"] = "hung",
                ["Inference:Models:hung-with-fallback:Task"] = "Chat",
                ["Inference:Models:hung-with-fallback:Fallback:0"] = "ticket-summarizer",
                ["Inference:Models:tiny-context:Task"] = "Summarize",
                ["Inference:Models:tiny-context:ContextLength"] = "16",
            };
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _upstream.DisposeAsync();
        _hung.Stop();
    }

    private sealed class UpstreamFactory : ServiceFactory<Program>;
}
