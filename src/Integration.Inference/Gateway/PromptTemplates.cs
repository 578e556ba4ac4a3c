using Integration.Inference.Registry;
using Microsoft.Extensions.AI;

namespace Integration.Inference.Gateway;

/// <summary>
/// A model's own prompt: its <c>system</c> parameter goes first as a system message, and its <c>template</c> parameter
/// wraps the last user message (<c>{input}</c> marks where the text goes). Two variants of one backend model that differ
/// only in these are an experiment's prompt-template arms: the split, the stickiness and the per-arm report are those of
/// any two models. The caller's messages are what the drift monitor and the cache key see; the backend gets these.
/// </summary>
public static class PromptTemplates
{
    public const string SystemParameter = "system";
    public const string TemplateParameter = "template";
    public const string InputMarker = "{input}";

    public static IReadOnlyList<ChatMessage> Apply(ModelDefinition model, IReadOnlyList<ChatMessage> messages)
    {
        var system = model.Parameters.GetValueOrDefault(SystemParameter);
        var template = model.Parameters.GetValueOrDefault(TemplateParameter);
        if (string.IsNullOrEmpty(system) && string.IsNullOrEmpty(template))
        {
            return messages;
        }

        var applied = messages.ToList();
        var last = applied.FindLastIndex(m => m.Role == ChatRole.User);
        if (!string.IsNullOrEmpty(template) && last >= 0)
        {
            applied[last] = new ChatMessage(ChatRole.User, template.Replace(InputMarker, applied[last].Text, StringComparison.Ordinal));
        }

        if (!string.IsNullOrEmpty(system))
        {
            applied.Insert(0, new ChatMessage(ChatRole.System, system));
        }

        return applied;
    }
}
