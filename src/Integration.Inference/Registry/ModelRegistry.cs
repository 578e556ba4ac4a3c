namespace Integration.Inference.Registry;

/// <summary>The configured logical models, checked once at startup so that a bad reference never reaches a request.</summary>
public sealed class ModelRegistry
{
    private readonly Dictionary<string, ModelDefinition> _models;

    public ModelRegistry(InferenceOptions options)
    {
        _models = options.Models.ToDictionary(m => m.Key, m => ModelDefinition.From(m.Key, m.Value), StringComparer.Ordinal);
    }

    public IReadOnlyCollection<ModelDefinition> All => _models.Values;

    /// <summary>Finds a model by its name as Ollama clients write it: <c>name</c> or <c>name:latest</c>.</summary>
    public ModelDefinition? Find(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var bare = name.EndsWith(":latest", StringComparison.Ordinal) ? name[..^":latest".Length] : name;
        return _models.GetValueOrDefault(bare) ?? _models.GetValueOrDefault(name);
    }

    /// <summary>
    /// The variant of a split that serves this routing key. The same key always lands on the same variant,
    /// on every replica, with no shared state: the bucket is a stable hash of model and key.
    /// </summary>
    public ModelDefinition Choose(ModelDefinition model, string routingKey)
    {
        while (model.IsSplit)
        {
            var total = model.Split.Sum(v => v.Weight);
            var bucket = (int)(Engine.StableHash.Of(model.Name + "\n" + routingKey) % (uint)total);
            foreach (var variant in model.Split)
            {
                if (bucket < variant.Weight)
                {
                    model = _models[variant.Model];
                    break;
                }

                bucket -= variant.Weight;
            }
        }

        return model;
    }

    public static IEnumerable<string> Validate(InferenceOptions options)
    {
        foreach (var (name, model) in options.Models)
        {
            var path = $"Inference:Models:{name}";
            if (model.Split.Count == 0 && model.Backend != "embedded" && !options.Backends.ContainsKey(model.Backend))
            {
                yield return $"{path}:Backend names '{model.Backend}', which is not under Inference:Backends.";
            }

            if (model.Backend == "embedded" && model.Split.Count == 0 && model.Task == ModelTask.Chat)
            {
                yield return $"{path}:Task 'Chat' needs a language model backend; the embedded engine has none.";
            }

            if (model.ContextLength <= 0)
            {
                yield return $"{path}:ContextLength must be positive.";
            }

            foreach (var (reference, index) in model.Fallback.Select((f, i) => (f, i)))
            {
                if (!options.Models.ContainsKey(reference) || reference == name)
                {
                    yield return $"{path}:Fallback:{index} names '{reference}', which is not another configured model.";
                }
            }

            foreach (var (variant, index) in model.Split.Select((v, i) => (v, i)))
            {
                if (!options.Models.TryGetValue(variant.Model, out var target) || variant.Model == name || target.Split.Count > 0)
                {
                    yield return $"{path}:Split:{index}:Model names '{variant.Model}', which is not another configured model without a split.";
                }

                if (variant.Weight <= 0)
                {
                    yield return $"{path}:Split:{index}:Weight must be positive.";
                }
            }
        }
    }
}
