using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Acornima.Ast;
using Jint;
using Jint.Native;
using Jint.Runtime;

namespace Integration.Workflows.Runtime;

public sealed class ExpressionException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// JavaScript expressions through Jint, sandboxed: no access to .NET types (Jint's default), and limits on time,
/// statements, recursion and memory, so that a definition cannot hang or exhaust the service. An expression sees
/// the instance's scope as plain JSON: <c>input</c>, <c>event</c>, <c>vars</c>, <c>steps</c> (each step's outputs).
/// </summary>
public static class Expressions
{
    // A definition's expressions are few and run for every instance: each is parsed once (and the cache is bounded, since
    // definitions come from users).
    private const int MaxPrepared = 10_000;
    private static readonly ConcurrentDictionary<string, Prepared<Script>> Prepared = new(StringComparer.Ordinal);

    public static JsonNode? Evaluate(string expression, Scope scope)
    {
        var engine = new Engine(options => options
            .TimeoutInterval(TimeSpan.FromMilliseconds(250))
            .MaxStatements(10_000)
            .LimitRecursion(64)
            .LimitMemory(8_000_000)
            .Strict());
        try
        {
            var script = PreparedScript(expression);
            foreach (var (name, value) in scope.NamedIn(expression))
            {
                engine.SetValue(name, new Jint.Native.Json.JsonParser(engine).Parse(value?.ToJsonString() ?? "null"));
            }

            var result = engine.Evaluate(script);
            if (result.IsUndefined())
            {
                return null;
            }

            var json = new Jint.Native.Json.JsonSerializer(engine).Serialize(result);
            return json.IsUndefined() ? null : JsonNode.Parse(json.AsString());
        }
        catch (Exception e) when (e is JavaScriptException or TimeoutException or StatementsCountOverflowException or RecursionDepthOverflowException
                                      or MemoryLimitExceededException or Acornima.ParseErrorException or ExecutionCanceledException or InsufficientExecutionStackException)
        {
            throw new ExpressionException($"The expression '{Shorten(expression)}' failed: {e.Message}", e);
        }
    }

    private static Prepared<Script> PreparedScript(string expression)
    {
        if (Prepared.TryGetValue(expression, out var known))
        {
            return known;
        }

        if (Prepared.Count >= MaxPrepared)
        {
            Prepared.Clear();
        }

        return Prepared.GetOrAdd(expression, Engine.PrepareScript(expression, strict: true));
    }

    /// <summary>JavaScript's truthiness for a JSON value: false, 0, "" and null are false.</summary>
    public static bool IsTrue(JsonNode? value) => value?.GetValueKind() switch
    {
        null or System.Text.Json.JsonValueKind.Null or System.Text.Json.JsonValueKind.False => false,
        System.Text.Json.JsonValueKind.Number => double.Parse(value.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture) != 0,
        System.Text.Json.JsonValueKind.String => value.GetValue<string>().Length > 0,
        _ => true,
    };

    private static string Shorten(string text) => text.Length > 80 ? text[..80] + "…" : text;
}
