using System.Globalization;
using Cronos;
using Integration.Workflows.Activities.Triggers;
using Integration.Workflows.Definitions;
using Integration.Workflows.Instances;
using Integration.Workflows.Runtime;
using StackExchange.Redis;

namespace Integration.Workflows.Triggers;

/// <summary>
/// Starts instances of published workflows on their <c>trigger.schedule</c> cron (Cronos; 6 fields means with
/// seconds). Each occurrence names its instance, so several silos checking the same schedule start it once; the last
/// occurrence handled is kept in Redis, so a restart neither repeats nor forgets one that fell while it was down.
/// </summary>
public sealed class ScheduleTriggers(DefinitionStore definitions, IGrainFactory grains, IConnectionMultiplexer redis, IConfiguration configuration,
    TimeProvider time, ILogger<ScheduleTriggers> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = configuration.GetValue("Workflows:ScheduleCheckInterval", TimeSpan.FromSeconds(15));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await CheckAsync();
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Checking schedules failed: {Reason}", e.Message);
            }

            await Task.Delay(interval, time, stoppingToken);
        }
    }

    private async Task CheckAsync()
    {
        var now = time.GetUtcNow();
        foreach (var published in await definitions.PublishedDefinitionsAsync())
        {
            foreach (var node in published.Definition.Activities!.Where(a => a.Type == ScheduleTrigger.TypeName))
            {
                var (expression, zone) = ScheduleTrigger.ScheduleOf(node);
                var key = $"workflows:schedule:{published.Id}:{published.Version}:{node.Id}";
                var db = redis.GetDatabase();
                // A schedule seen for the first time starts from now, not from the beginning of time.
                if ((string?)await db.StringGetAsync(key) is not { } stored)
                {
                    await db.StringSetAsync(key, now.ToString("O"), when: When.NotExists);
                    continue;
                }

                var last = DateTimeOffset.Parse(stored, CultureInfo.InvariantCulture);
                var due = expression.GetOccurrences(last.UtcDateTime, now.UtcDateTime, zone, fromInclusive: false, toInclusive: true).ToList();
                foreach (var occurrence in due.TakeLast(1)) // missed occurrences collapse into one catch-up run
                {
                    var fired = new DateTimeOffset(occurrence, TimeSpan.Zero);
                    var id = InstanceIds.Of(published.Id, $"schedule:{node.Id}:{fired:O}");
                    await grains.GetGrain<IWorkflowInstanceGrain>(id).StartAsync(new StartInstance(published.Id, published.Version, node.Id!, [], null));
                    await db.StringSetAsync(key, fired.ToString("O"));
                }
            }
        }
    }
}
