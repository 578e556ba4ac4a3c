// Approval decision latency in process, and PII detection and redaction throughput on one thread (= one core) over mixed ticket text, against a
// baseline in the same run: a single pass of one compiled regex (the email pattern) over the same text.
//   dotnet run -c Release --project bench/Integration.Benchmarks.Governance -- [seconds per measurement]
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Integration.Governance.Approvals;
using Integration.Governance.Guards;
using Integration.Governance.Pii;
using Integration.Governance.Policies;
using Integration.Governance.Redaction;

var seconds = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 3;
var tickets = MixedTickets(2_000);
var bytes = tickets.Sum(t => Encoding.UTF8.GetByteCount(t));
var detector = new PiiDetector();
var baseline = new Regex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}", RegexOptions.Compiled);

Console.WriteLine($"{tickets.Count} tickets, {bytes / 1024.0 / 1024.0:F2} MB of text; one thread; {Environment.ProcessorCount} cores; .NET {Environment.Version}");
Report("baseline: one compiled regex (email) over the text", Measure(t => baseline.Count(t)));
Report("detect: all eight kinds, checks and overlaps", Measure(t => detector.Detect(t).Count));
Report("detect + redact with placeholders", Measure(t => Redactor.Redact(t, detector.Detect(t), _ => RedactionOperator.Replace, "salt").Text.Length));
Report("input guard: redact, classify, allow-list, injection", Measure(t => InputGuard.Evaluate(detector, GuardRequest(t), null, "salt").Reasons.Count));

var latencies = new List<double>();
var clock = new Stopwatch();
foreach (var ticket in tickets.Concat(tickets))
{
    clock.Restart();
    Redactor.Redact(ticket, detector.Detect(ticket), _ => RedactionOperator.Replace, "salt");
    latencies.Add(clock.Elapsed.TotalMicroseconds);
}

latencies.Sort();
Console.WriteLine($"per ticket (avg {bytes / tickets.Count} bytes), detect + redact: p50 {latencies[latencies.Count / 2]:F0} µs, p99 {latencies[(int)(latencies.Count * 0.99)]:F0} µs");

var guardLatencies = new List<double>();
foreach (var ticket in tickets.Concat(tickets))
{
    clock.Restart();
    InputGuard.Evaluate(detector, GuardRequest(ticket), null, "salt");
    guardLatencies.Add(clock.Elapsed.TotalMicroseconds);
}

guardLatencies.Sort();
Console.WriteLine($"per ticket, whole input guard decision: p50 {guardLatencies[guardLatencies.Count / 2]:F0} µs, p99 {guardLatencies[(int)(guardLatencies.Count * 0.99)]:F0} µs");

static InputGuardRequest GuardRequest(string text) => new("triage", text, "reply-drafter", null);

// Approval decisions in process: a policy with three rules, contexts that reach each rule and the fallback.
var (policy, _) = PolicyParser.Parse("""
    appliesTo: {workflows: ['*']}
    approval:
      rules:
        - {name: deny-injection, when: "findings.injection > 0", decide: deny}
        - {name: large-refund, when: "category == 'refund' and amount > 500", decide: human, role: admin}
        - {name: confident, when: "confidence >= 0.9 and findings.total == 0", decide: auto-approve}
      otherwise: {decide: human}
    """);
var version = new PolicyVersion("bench", 1, "", policy!, "bench", DateTimeOffset.UtcNow);
JsonElement[] contexts =
[
    JsonDocument.Parse("""{"confidence": 0.95, "category": "billing", "amount": 20, "findings": {"total": 0, "injection": 0}}""").RootElement,
    JsonDocument.Parse("""{"confidence": 0.99, "category": "refund", "amount": 900, "findings": {"total": 0, "injection": 0}}""").RootElement,
    JsonDocument.Parse("""{"confidence": 0.60, "category": "other", "amount": 0, "findings": {"total": 2, "injection": 0}}""").RootElement,
    JsonDocument.Parse("""{"confidence": 0.99, "category": "billing", "amount": 5, "findings": {"total": 1, "injection": 1}}""").RootElement,
];
for (var i = 0; i < 200_000; i++)
{
    ApprovalEndpoints.Decide(version, contexts[i % contexts.Length]); // warm-up
}

var decisions = new List<double>();
for (var i = 0; i < 200_000; i++)
{
    clock.Restart();
    ApprovalEndpoints.Decide(version, contexts[i % contexts.Length]);
    decisions.Add(clock.Elapsed.TotalMicroseconds);
}

decisions.Sort();
Console.WriteLine($"approval decision in process (3 rules): p50 {decisions[decisions.Count / 2]:F2} µs, p99 {decisions[(int)(decisions.Count * 0.99)]:F2} µs");

List<double> Measure(Func<string, int> work)
{
    var rates = new List<double>();
    // Warm-up, not measured: a second of work lets tiered compilation settle on optimized code.
    for (var warm = Stopwatch.StartNew(); warm.Elapsed.TotalSeconds < 1;)
    {
        tickets.ForEach(t => work(t));
    }

    for (var round = 0; round < 5; round++)
    {
        var processed = 0L;
        var sink = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < seconds / 5)
        {
            foreach (var ticket in tickets)
            {
                sink += work(ticket);
            }

            processed += bytes;
        }

        rates.Add(processed / 1024.0 / 1024.0 / watch.Elapsed.TotalSeconds);
        GC.KeepAlive(sink);
    }

    return rates;
}

static void Report(string name, List<double> rates)
{
    rates.Sort();
    Console.WriteLine($"| {name} | median {rates[2]:F1} MB/s | min {rates[0]:F1} | max {rates[4]:F1} |");
}

// Synthetic support tickets: mostly plain prose, about one in three carrying some personal data.
static List<string> MixedTickets(int count)
{
    var random = new Random(42);
    string[] prose =
    [
        "The export to CSV fails with error 0x80070057 since the update to version 10.0.12.1 last night.",
        "Order 2024-558812 was delivered to the wrong warehouse; please check the SAP sales order and the delivery date 22.11.2026.",
        "Our team cannot log in since 2026-11-22 14:03:11 UTC. We tried clearing the cache and a different browser.",
        "The invoice INV-88213 totals 1,250.00 EUR but the contract says 1,150.00 EUR per quarter for 40 seats.",
        "Product MZ-FG-M550 ships from plant 1710; the tracking number 1Z999AA10123456784 shows no movement for a week.",
    ];
    string[] personal =
    [
        "Hi Maria,\nplease send the receipt to maria.gonzalez@example.com or call +1 415-555-0132.",
        "I paid with 4111 1111 1111 1111 and was charged twice. Refund to DE89 3704 0044 0532 0130 00 please.",
        "Ship it to 221 Baker Street, London NW1 6XE.\n\nBest regards,\nAna Lima",
        "Login attempts came from 203.0.113.45. My SSN 123-45-6789 was on the form by mistake.",
    ];
    return [.. Enumerable.Range(0, count).Select(_ =>
    {
        var text = new StringBuilder();
        for (var i = 0; i < 3 + random.Next(4); i++)
        {
            text.Append(random.Next(3) == 0 ? personal[random.Next(personal.Length)] : prose[random.Next(prose.Length)]).Append('\n');
        }

        return text.ToString();
    })];
}
