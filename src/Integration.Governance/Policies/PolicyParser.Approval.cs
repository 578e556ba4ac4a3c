using Integration.Governance.Approvals;
using Integration.ServiceDefaults.Auth;
using YamlDotNet.RepresentationModel;

namespace Integration.Governance.Policies;

/// <summary>The approval section: rules that decide whether a gate needs a human.</summary>
public static partial class PolicyParser
{
    private static ApprovalPolicy? Approval(YamlMappingNode root, Action<string, YamlNode?, string> error)
    {
        if (Section(root, "approval", "$.approval", "approval is a mapping with the keys rules, otherwise.", error) is not { } approval)
        {
            return null;
        }

        UnknownKeys(approval, "$.approval", ["rules", "otherwise"], error);
        var rules = new List<ApprovalRule>();
        var names = new HashSet<string>(StringComparer.Ordinal); // every name, also of rules that did not parse
        if (Child(approval, "rules") is YamlSequenceNode list)
        {
            for (var i = 0; i < list.Children.Count; i++)
            {
                var path = $"$.approval.rules[{i}]";
                if (list.Children[i] is not YamlMappingNode rule)
                {
                    error(path, list.Children[i], "A rule is a mapping with name, when, decide and (for human) role.");
                    continue;
                }

                UnknownKeys(rule, path, ["name", "when", "decide", "role"], error);
                var name = Scalar(rule, "name", path, required: true, error);
                if (name is not null && !names.Add(name))
                {
                    error($"{path}.name", rule, $"Another rule is already named '{name}'.");
                }

                var when = ExpressionAt(rule, "when", path, error);

                var (outcome, role) = Outcome(rule, path, error);
                if (name is not null && when is not null && outcome is not null)
                {
                    rules.Add(new ApprovalRule(name, when, outcome.Value, role));
                }
            }
        }
        else if (Child(approval, "rules") is { } other)
        {
            error("$.approval.rules", other, "rules is a list.");
        }

        var (otherwise, otherwiseRole) = Child(approval, "otherwise") switch
        {
            YamlMappingNode fallback => Outcome(fallback, "$.approval.otherwise", error),
            null => (ApprovalOutcome.Human, Roles.Reviewer),
            var other => Invalid(other),
        };
        return new ApprovalPolicy(rules, otherwise ?? ApprovalOutcome.Human, otherwiseRole);

        (ApprovalOutcome?, string?) Invalid(YamlNode other)
        {
            error("$.approval.otherwise", other, "otherwise is a mapping with decide and (for human) role.");
            return (null, null);
        }
    }

    private static (ApprovalOutcome?, string?) Outcome(YamlMappingNode node, string path, Action<string, YamlNode?, string> error)
    {
        if (path.EndsWith("otherwise", StringComparison.Ordinal))
        {
            UnknownKeys(node, path, ["decide", "role"], error);
        }

        var outcome = ApprovalPolicy.ParseOutcome(Scalar(node, "decide", path, required: true, error));
        if (outcome is null)
        {
            error($"{path}.decide", Child(node, "decide") ?? node, "decide is auto-approve, human or deny.");
        }

        var role = Scalar(node, "role", path, required: false, error);
        if (outcome == ApprovalOutcome.Human)
        {
            role ??= Roles.Reviewer;
            if (!Roles.UserRoles.Contains(role))
            {
                error($"{path}.role", Child(node, "role"), $"role is one of {string.Join(", ", Roles.UserRoles)}.");
            }
        }
        else if (role is not null && outcome is not null)
        {
            error($"{path}.role", Child(node, "role"), "Only a human decision names a role.");
        }

        return (outcome, outcome == ApprovalOutcome.Human ? role : null);
    }
}
