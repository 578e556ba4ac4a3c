using System.Globalization;
using System.Text.Json;

namespace Integration.Governance.Approvals;

/// <summary>
/// The approval rules' expression form, small on purpose:
/// <code>
///   confidence >= 0.9 and findings.total == 0
///   amount > 500 or tier in ["gold", "platinum"]
///   not (category == "billing")
/// </code>
/// Values: numbers, "strings" or 'strings', true, false, null, [lists]. Names read the step's context,
/// dotted for nested objects (findings.Email). Operators: == != &lt; &lt;= &gt; &gt;= in, and, or, not, ( ).
/// A name missing from the context is null; comparing null with &lt; or &gt; is false, never an error.
/// </summary>
public sealed class RuleExpression
{
    private readonly Node _root;

    private RuleExpression(string source, Node root)
    {
        Source = source;
        _root = root;
    }

    public string Source { get; }

    /// <summary>Parses, or says what is wrong and at which character.</summary>
    public static RuleExpression Parse(string source) =>
        source.Length > MaxLength
            ? throw new FormatException($"the expression is longer than {MaxLength} characters")
            : new(source, new Parser(source).ParseAll());

    // Evaluation recurses once per operator in a chain ("a and b and c …"); a bound on length bounds that.
    private const int MaxLength = 1000;

    public bool Evaluate(JsonElement context) => Truthy(_root.Evaluate(context));

    private static bool Truthy(object? value) => value is true;

    private abstract record Node
    {
        public abstract object? Evaluate(JsonElement context);
    }

    private sealed record Constant(object? Value) : Node
    {
        public override object? Evaluate(JsonElement context) => Value;
    }

    private sealed record Name(string[] Path) : Node
    {
        public override object? Evaluate(JsonElement context)
        {
            var current = context;
            foreach (var part in Path)
            {
                if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out current))
                {
                    return null;
                }
            }

            return current.ValueKind switch
            {
                JsonValueKind.Number => current.GetDecimal(),
                JsonValueKind.String => current.GetString(),
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.Array => current.EnumerateArray().Select(e => new Name([]).Evaluate(e)).ToList(),
                _ => null,
            };
        }
    }

    private sealed record ListNode(IReadOnlyList<Node> Items) : Node
    {
        public override object? Evaluate(JsonElement context) => Items.Select(i => i.Evaluate(context)).ToList();
    }

    private sealed record Not(Node Operand) : Node
    {
        public override object? Evaluate(JsonElement context) => !Truthy(Operand.Evaluate(context));
    }

    private sealed record Binary(string Op, Node Left, Node Right) : Node
    {
        public override object? Evaluate(JsonElement context)
        {
            if (Op == "and")
            {
                return Truthy(Left.Evaluate(context)) && Truthy(Right.Evaluate(context));
            }

            if (Op == "or")
            {
                return Truthy(Left.Evaluate(context)) || Truthy(Right.Evaluate(context));
            }

            var left = Left.Evaluate(context);
            var right = Right.Evaluate(context);
            return Op switch
            {
                "==" => Equal(left, right),
                "!=" => !Equal(left, right),
                "in" => right is List<object?> list && list.Any(item => Equal(left, item)),
                _ => left is decimal a && right is decimal b && Op switch
                {
                    "<" => a < b,
                    "<=" => a <= b,
                    ">" => a > b,
                    ">=" => a >= b,
                    _ => false,
                },
            };
        }

        private static bool Equal(object? a, object? b) => a switch
        {
            null => b is null,
            string s => b is string t && string.Equals(s, t, StringComparison.Ordinal),
            _ => a.Equals(b),
        };
    }

    /// <summary>Recursive descent: or → and → not → comparison → primary.</summary>
    private sealed class Parser(string source)
    {
        // Parsing and evaluating recurse once per level; a limit keeps "((((…" from overflowing the stack.
        private const int MaxDepth = 32;
        private static readonly string[] Comparisons = ["==", "!=", "<=", ">=", "<", ">"];
        private int _at;
        private int _depth;

        public Node ParseAll()
        {
            var node = Or();
            Skip();
            return _at == source.Length ? node : throw Error($"unexpected '{source[_at]}'");
        }

        private Node Or()
        {
            var node = And();
            while (Word("or"))
            {
                node = new Binary("or", node, And());
            }

            return node;
        }

        private Node And()
        {
            var node = Unary();
            while (Word("and"))
            {
                node = new Binary("and", node, Unary());
            }

            return node;
        }

        private Node Unary()
        {
            if (!Word("not"))
            {
                return Comparison();
            }

            using var _ = Deeper();
            return new Not(Unary());
        }

        private DepthScope Deeper() => ++_depth > MaxDepth ? throw Error($"the expression nests more than {MaxDepth} deep") : new DepthScope(this);

        private readonly struct DepthScope(Parser parser) : IDisposable
        {
            public void Dispose() => parser._depth--;
        }

        private Node Comparison()
        {
            var left = Primary();
            Skip();
            foreach (var op in Comparisons)
            {
                if (source.AsSpan(_at).StartsWith(op, StringComparison.Ordinal))
                {
                    _at += op.Length;
                    return new Binary(op, left, Primary());
                }
            }

            return Word("in") ? new Binary("in", left, Primary()) : left;
        }

        private Node Primary()
        {
            Skip();
            if (_at == source.Length)
            {
                throw Error("the expression ends too early");
            }

            var c = source[_at];
            if (c == '(')
            {
                _at++;
                using var _ = Deeper();
                var inner = Or();
                Expect(')');
                return inner;
            }

            if (c == '[')
            {
                _at++;
                using var _ = Deeper();
                var items = new List<Node>();
                Skip();
                if (!Peek(']'))
                {
                    do
                    {
                        items.Add(Primary());
                        Skip();
                    }
                    while (Consume(','));
                }

                Expect(']');
                return new ListNode(items);
            }

            if (c is '"' or '\'')
            {
                var end = source.IndexOf(c, _at + 1);
                if (end < 0)
                {
                    throw Error("a string is not closed");
                }

                var text = source[(_at + 1)..end];
                _at = end + 1;
                return new Constant(text);
            }

            if (char.IsAsciiDigit(c) || (c == '-' && _at + 1 < source.Length && char.IsAsciiDigit(source[_at + 1])))
            {
                var start = _at++;
                while (_at < source.Length && (char.IsAsciiDigit(source[_at]) || source[_at] == '.'))
                {
                    _at++;
                }

                return decimal.TryParse(source[start.._at], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
                    ? new Constant(number)
                    : throw Error($"'{source[start.._at]}' is not a number", start);
            }

            if (char.IsAsciiLetter(c) || c == '_')
            {
                var start = _at;
                while (_at < source.Length && (char.IsAsciiLetterOrDigit(source[_at]) || source[_at] is '_' or '.'))
                {
                    _at++;
                }

                var word = source[start.._at];
                return word switch
                {
                    "true" => new Constant(true),
                    "false" => new Constant(false),
                    "null" => new Constant(null),
                    "and" or "or" or "not" or "in" => throw Error($"'{word}' needs a value before it", start),
                    _ when word.Split('.').Any(p => p.Length == 0) => throw Error($"'{word}' is not a name", start),
                    _ => new Name(word.Split('.')),
                };
            }

            throw Error($"unexpected '{c}'");
        }

        private bool Word(string word)
        {
            Skip();
            var end = _at + word.Length;
            if (source.AsSpan(_at).StartsWith(word, StringComparison.Ordinal) && (end == source.Length || !char.IsAsciiLetterOrDigit(source[end])))
            {
                _at = end;
                return true;
            }

            return false;
        }

        private void Skip()
        {
            while (_at < source.Length && char.IsWhiteSpace(source[_at]))
            {
                _at++;
            }
        }

        private bool Peek(char c) => _at < source.Length && source[_at] == c;

        private bool Consume(char c)
        {
            Skip();
            if (!Peek(c))
            {
                return false;
            }

            _at++;
            return true;
        }

        private void Expect(char c)
        {
            if (!Consume(c))
            {
                throw Error($"expected '{c}'");
            }
        }

        private FormatException Error(string message, int? at = null) =>
            new($"{message} at character {(at ?? _at) + 1}");
    }
}
