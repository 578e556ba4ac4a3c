using Integration.Testing;

namespace Integration.Governance.Tests;

/// <summary>The governance service in process, with the settings it requires.</summary>
public sealed class GovernanceFactory : ServiceFactory<Program>
{
    public const string HashSalt = "test-salt-0123456789-0123456789-0123456789";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Governance:PiiHashSalt"] = HashSalt,
        ["Governance:MaxTextLength"] = "10000",
        // These tests start from no policy in force; ShippedPolicyTests starts with what ships.
        ["Governance:PublishShippedPolicies"] = "false",
    };
}
