using Integration.Governance.Approvals;

namespace Integration.Governance.Guards;

public enum DataClass { Public, Internal, Confidential, Restricted }

/// <summary>"when this holds, the input is of that class"; first match wins, else <see cref="Otherwise"/>.</summary>
public sealed record ClassificationPolicy(IReadOnlyList<(DataClass Class, RuleExpression When)> Rules, DataClass Otherwise);

public sealed record InjectionPolicy(double Threshold, InjectionAction Action);

/// <summary>
/// What applies when a policy is silent (or none is in force): card numbers, IBANs and SSNs make input
/// restricted and restricted input reaches no model; other personal data makes it confidential; injection
/// at 0.5 or more needs a human.
/// </summary>
public static class GuardDefaults
{
    public static readonly ClassificationPolicy Classification = new(
        [
            (DataClass.Restricted, RuleExpression.Parse("findings.CreditCard > 0 or findings.Iban > 0 or findings.UsSsn > 0")),
            (DataClass.Confidential, RuleExpression.Parse("findings.total > 0")),
        ],
        DataClass.Internal);

    public static readonly IReadOnlyDictionary<DataClass, IReadOnlyList<string>> Models = new Dictionary<DataClass, IReadOnlyList<string>>
    {
        [DataClass.Public] = ["*"],
        [DataClass.Internal] = ["*"],
        [DataClass.Confidential] = ["*"],
        [DataClass.Restricted] = [],
    };

    public static readonly InjectionPolicy Injection = new(0.5, InjectionAction.RequireApproval);

    public static string Name(DataClass dataClass) => dataClass.ToString().ToLowerInvariant();

    public static DataClass? ParseClass(string? name) =>
        Enum.GetValues<DataClass>().Cast<DataClass?>().FirstOrDefault(c => Name(c!.Value) == name);

    public static InjectionAction? ParseAction(string? name) => name switch
    {
        "flag" => InjectionAction.Flag,
        "require-approval" => InjectionAction.RequireApproval,
        "deny" => InjectionAction.Deny,
        _ => null,
    };

    /// <summary>
    /// "*" is every model; "local:*" every model whose name starts with "local:"; "backend:gpu-host" every model
    /// served by that backend (e.g. the company's own GPU hosts); else the exact model name.
    /// </summary>
    public static bool ModelAllowed(IReadOnlyList<string> allowed, string model, string? backend) =>
        allowed.Any(pattern => Matches(pattern, model) || (backend is not null && Matches(pattern, "backend:" + backend)));

    private static bool Matches(string pattern, string value) =>
        pattern.EndsWith('*') ? value.StartsWith(pattern[..^1], StringComparison.Ordinal) : pattern == value;
}
