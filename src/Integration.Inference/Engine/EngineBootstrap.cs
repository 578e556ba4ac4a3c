using Integration.Inference.Knowledge;
using Integration.Inference.Registry;
using Integration.Inference.Training;
using StackExchange.Redis;

namespace Integration.Inference.Engine;

/// <summary>
/// First start: loads the shipped knowledge base into the "support" collection (unchanged articles are
/// skipped) and, for each embedded classifier with nothing promoted yet, trains version 1 on the shipped
/// dataset (less the golden set, which it is then measured on) and promotes it. One replica trains; the others wait
/// for its promotion.
/// </summary>
public sealed class EngineBootstrap(
    ShippedData shipped,
    KnowledgeBase knowledge,
    ClassifierVersions versions,
    ModelRegistry registry,
    Datasets.DatasetStore datasets,
    Evaluation.Evaluator evaluator,
    SentenceEmbedder sentences,
    IConnectionMultiplexer redis,
    TimeProvider time,
    ILogger<EngineBootstrap> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var changed = 0;
        foreach (var (id, markdown) in shipped.Articles)
        {
            changed += (await knowledge.IngestAsync(ShippedData.SupportCollection, id, null, $"shipped:Data/kb/{id}.md", DocumentFormat.Markdown, markdown)).Changed ? 1 : 0;
        }

        logger.LogInformation("Knowledge base '{Collection}': {Articles} shipped articles, {Changed} added or updated", ShippedData.SupportCollection, shipped.Articles.Count, changed);

        foreach (var model in registry.All.Where(m => m is { Task: ModelTask.Classify, Backend: "embedded", IsSplit: false }))
        {
            await EnsurePromotedAsync(model.Name, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task EnsurePromotedAsync(string model, CancellationToken cancellationToken)
    {
        var lockKey = $"inference:models:{model}:bootstrap";
        var db = redis.GetDatabase();
        while (await versions.PromotedAsync(model) is null)
        {
            if (await db.StringSetAsync(lockKey, Environment.ProcessId, TimeSpan.FromMinutes(2), When.NotExists))
            {
                try
                {
                    var training = await datasets.ShippedAsync();
                    var outcome = await Task.Run(() => ClassifierTraining.Run([.. training.Select(i => i.Labeled)], new TrainingSettings(), sentences), cancellationToken);
                    var stored = await versions.StoreAsync(model, outcome, "bootstrap", $"{Datasets.DatasetNames.Shipped} ({training.Count})", time.GetUtcNow());
                    await versions.PromoteIfNoneAsync(model, stored.Version);
                    var golden = await evaluator.RunAsync(model, stored.Version, Datasets.DatasetNames.Golden, "bootstrap");
                    logger.LogInformation("Classifier {Model} version {Version} trained on the shipped dataset: golden-set accuracy {Accuracy:P1}, macro-F1 {MacroF1:0.000}",
                        model, stored.Version, golden.Metrics.Accuracy, golden.Metrics.MacroF1);
                }
                finally
                {
                    await db.KeyDeleteAsync(lockKey);
                }
            }
            else
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), time, cancellationToken);
            }
        }
    }
}
