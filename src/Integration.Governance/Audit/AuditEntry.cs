using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Integration.Governance.Audit;

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

/// <summary>How the chain is made and checked: each entry's hash over the previous one's and its own canonical JSON.</summary>
public static class AuditChain
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

    public static string ToJson(this AuditEntry entry) => JsonSerializer.Serialize(entry, Canonical);

    public static AuditEntry FromJson(string json) =>
        JsonSerializer.Deserialize<AuditEntry>(json, Canonical) ?? throw new JsonException("An audit entry is empty.");
}
