using YamlDotNet.RepresentationModel;

namespace Integration.Governance.Policies;

/// <summary>The budgets section: daily limits per workflow and per department.</summary>
public static partial class PolicyParser
{
    private static (BudgetLimits?, Dictionary<string, BudgetLimits>?) Budgets(YamlMappingNode root, Action<string, YamlNode?, string> error)
    {
        if (Section(root, "budgets", "$.budgets", "budgets is a mapping with the keys perWorkflow, perDepartment.", error) is not { } budgets)
        {
            return (null, null);
        }

        UnknownKeys(budgets, "$.budgets", ["perWorkflow", "perDepartment"], error);
        var perWorkflow = Child(budgets, "perWorkflow") is { } workflowNode ? Limits(workflowNode, "$.budgets.perWorkflow", error) : null;
        Dictionary<string, BudgetLimits>? perDepartment = null;
        if (Child(budgets, "perDepartment") is YamlMappingNode departments)
        {
            perDepartment = [];
            foreach (var (key, value) in departments.Children)
            {
                var name = ((YamlScalarNode)key).Value ?? "";
                if (Limits(value, $"$.budgets.perDepartment.{name}", error) is { } limits)
                {
                    perDepartment[name] = limits;
                }
            }
        }
        else if (Child(budgets, "perDepartment") is { } other)
        {
            error("$.budgets.perDepartment", other, "perDepartment maps a department to its limits.");
        }

        return (perWorkflow, perDepartment);
    }

    private static BudgetLimits? Limits(YamlNode node, string path, Action<string, YamlNode?, string> error)
    {
        if (node is not YamlMappingNode limits)
        {
            error(path, node, "Limits are a mapping with tokensPerDay and/or costPerDay.");
            return null;
        }

        UnknownKeys(limits, path, ["tokensPerDay", "costPerDay"], error);
        var tokens = Number(limits, "tokensPerDay", path, 0L, 1_000_000_000_000L, WholeNumber, "tokensPerDay is a whole number from 0 to 1000000000000.", error);
        var cost = Number(limits, "costPerDay", path, 0m, 1_000_000_000m, Amount, "costPerDay is a number from 0 to 1000000000, such as 25 or 12.50.", error);
        if (tokens is null && cost is null && limits.Children.Count == 0)
        {
            error(path, node, "Give tokensPerDay, costPerDay or both.");
        }

        return new BudgetLimits(tokens, cost);
    }
}
