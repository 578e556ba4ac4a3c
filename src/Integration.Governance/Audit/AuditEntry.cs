using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Integration.Governance.Audit;

/// <summary>
/// One decision as the audit log keeps it: who (a user or a service), what, under which policy and rule,
/// and the findings by kind and count. Never the personal data itself.
/// </summary>
/// <param name="Reason">Why, in the actor's words with personal data redacted (an admin's reason to override a gate).</param>
/// <param name="ReportedBy">The service that reported a decision it took on the actor's behalf; null for the governance service's own.</param>
public sealed record AuditEvent(
    string Actor,
    IReadOnlyList<string> ActorRoles,
    string Action,
    string Decision,
    string? PolicyVersion = null,
    string? Rule = null,
    IReadOnlyDictionary<string, int>? Findings = null,
    string? Subject = null,
    string? Reason = null,
    string? ReportedBy = null);

public static class AuditEvents
{
    /// <summary>An event done by the caller of a request: its subject (a user or a service) and its roles.</summary>
    public static AuditEvent By(
        System.Security.Claims.ClaimsPrincipal caller, string action, string decision,
        string? policyVersion = null, string? rule = null, IReadOnlyDictionary<string, int>? findings = null, string? subject = null) =>
        new(caller.FindFirst("sub")?.Value ?? "unknown",
            Integration.ServiceDefaults.Auth.CallerClaims.SuiteRoles(caller),
            action, decision, policyVersion, rule, findings, subject);
}

/// <summary>An event in the chain: its place (<see cref="Sequence"/>), time, the previous entry's hash and its own.</summary>
public sealed record AuditEntry(long Sequence, DateTimeOffset At, AuditEvent Event, string PreviousHash, string Hash)
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    private static readonly JsonSerializerOptions Canonical = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
    };

    /// <summary>SHA-256 over the previous hash and the entry's canonical JSON: change either and every later link breaks.</summary>
    public static string ComputeHash(long sequence, DateTimeOffset at, AuditEvent auditEvent, string previousHash)
    {
        var payload = JsonSerializer.Serialize(new { sequence, at = at.ToUniversalTime().ToString("O"), auditEvent, previousHash }, Canonical);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(payload)));
    }

    public static AuditEntry Create(long sequence, DateTimeOffset at, AuditEvent auditEvent, string previousHash) =>
        new(sequence, at, auditEvent, previousHash, ComputeHash(sequence, at, auditEvent, previousHash));

    public string ToJson() => JsonSerializer.Serialize(this, Canonical);

    public static AuditEntry FromJson(string json) =>
        JsonSerializer.Deserialize<AuditEntry>(json, Canonical) ?? throw new JsonException("An audit entry is empty.");
}
