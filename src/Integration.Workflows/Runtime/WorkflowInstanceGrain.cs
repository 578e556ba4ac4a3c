using System.Text.Json;
using System.Text.Json.Nodes;
using Integration.ServiceDefaults.Protection;
using Integration.Workflows.Definitions;

namespace Integration.Workflows.Runtime;

/// <summary>The grain's persisted state: the instance as JSON, written after every step, encrypted (it holds personal data).</summary>
[GenerateSerializer]
public sealed class InstanceRecord
{
    [Id(0)]
    public string? Json { get; set; }
}

[GenerateSerializer]
public sealed record StartInstance([property: Id(0)] string DefinitionId, [property: Id(1)] int Version, [property: Id(2)] string TriggerId,
    [property: Id(3)] string InputJson, [property: Id(4)] string? EventJson);

/// <summary>One workflow instance; its key is the instance id. Answers are the instance's state as JSON.</summary>
public interface IWorkflowInstanceGrain : IGrainWithStringKey
{
    /// <summary>Starts the instance; a second start of the same instance changes nothing and returns it as it is.</summary>
    Task<string> StartAsync(StartInstance start);

    Task<string?> GetAsync();

    Task<string> ResumeAsync(string tokenId, string outcome, string outputsJson);

    Task<string> CancelAsync(string reason);

    Task<string> RetryIncidentsAsync();

    /// <summary>
    /// Activates the instance if it is not (it then goes on from its last checkpoint) and runs what is due; called for
    /// instances a crash may have interrupted.
    /// </summary>
    Task WakeAsync();
}

/// <summary>
/// An instance as an Orleans grain: its state persisted to Redis after every step (so that a crash or restart goes
/// on from the last checkpoint), its waits woken by a grain timer while active and by a Redis reminder otherwise.
/// </summary>
public sealed class WorkflowInstanceGrain(
    [PersistentState("instance", WorkflowInstanceGrain.Storage)] IPersistentState<InstanceRecord> record,
    DefinitionStore definitions,
    IActivityExecutor executor,
    Approvals.ApprovalCoordinator approvals,
    Kpis.KpiRecorder kpis,
    RunningInstances running,
    SensitiveData sensitive,
    TimeProvider time,
    ILogger<WorkflowInstanceGrain> logger) : Grain, IWorkflowInstanceGrain, IRemindable
{
    public const string Storage = "workflows";
    private const string WakeReminder = "wake";
    private InstanceState? _state;
    private FlowEngine? _engine;
    private IGrainTimer? _timer;
    private InstanceStatus? _reportedStatus;

    // Whether a wake reminder may exist: unknown (null) for a reactivated instance, known for a new one.
    private bool? _mayHaveReminder;

    // The earliest SLA of the tasks at this instance's gates.
    private DateTimeOffset? _nextSla;

    // Whether this instance is in the running index (it is while its status is Running).
    private bool _listedRunning;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (record.State.Json is { } stored)
        {
            _state = JsonSerializer.Deserialize<InstanceState>(sensitive.Unprotect(stored), JsonSerializerOptions.Web);
            _reportedStatus = _state!.Status;
            _listedRunning = _state.Status == InstanceStatus.Running;
            _engine = await EngineForAsync(_state!);
            // A process that stopped between steps left ready tokens: go on where the last checkpoint stands.
            if (_state!.Tokens.Count > 0 && _state.Status == InstanceStatus.Running)
            {
                logger.LogInformation("Instance {Instance} resumes from its last checkpoint", _state.Id);
                await _engine.RunAsync(_state, cancellationToken);
                await AfterAsync();
                return;
            }

            // Reactivated while waiting: a gate decided while nobody ran this instance (the decision was recorded, then its
            // resumption failed) goes on now; the others' SLAs wake it as its timers do.
            if (_state.Status == InstanceStatus.Waiting && await GateDecidedMeanwhileAsync())
            {
                await AfterAsync();
                return;
            }

            _nextSla = await NextSlaAsync();
            await ScheduleWakeAsync();
        }
    }

    public async Task<string> StartAsync(StartInstance start)
    {
        if (_state is not null)
        {
            return Json();
        }

        _state = new InstanceState
        {
            Id = this.GetPrimaryKeyString(),
            DefinitionId = start.DefinitionId,
            Version = start.Version,
            Input = JsonNode.Parse(start.InputJson)?.AsObject() ?? [],
            Event = start.EventJson is null ? null : JsonNode.Parse(start.EventJson)?.AsObject(),
        };
        _engine = await EngineForAsync(_state);
        _mayHaveReminder = false;
        await Guarded(async () =>
        {
            await kpis.InstanceAsync(_state, "started");
            await _engine.StartAsync(_state, start.TriggerId, CancellationToken.None);
            await AfterAsync();
        });
        return Json();
    }

    public Task<string?> GetAsync() => Task.FromResult(_state is null ? null : Json());

    public async Task<string> ResumeAsync(string tokenId, string outcome, string outputsJson)
    {
        var state = _state ?? throw new InvalidOperationException("The instance does not exist.");
        if (state.Bookmarks.All(b => b.TokenId != tokenId))
        {
            // Resumed before (a repeated decision, or the gate went on when the instance woke): nothing to do twice.
            return Json();
        }

        await Guarded(async () =>
        {
            await _engine!.ResumeAsync(state, tokenId, outcome, JsonNode.Parse(outputsJson)!.AsObject(), CancellationToken.None);
            await AfterAsync();
        });
        return Json();
    }

    public async Task<string> CancelAsync(string reason)
    {
        var state = _state ?? throw new InvalidOperationException("The instance does not exist.");
        await Guarded(async () =>
        {
            FlowEngine.Cancel(state, reason);
            await AfterAsync();
        });
        return Json();
    }

    public async Task<string> RetryIncidentsAsync()
    {
        var state = _state ?? throw new InvalidOperationException("The instance does not exist.");
        await Guarded(async () =>
        {
            await _engine!.RetryIncidentsAsync(state, CancellationToken.None);
            await AfterAsync();
        });
        return Json();
    }

    /// <summary>
    /// Runs a change of the instance. If it fails part way (Redis away while saving, say), what is in memory is no longer
    /// what is stored: the activation is dropped, so that the next call starts again from the last checkpoint and the
    /// API never shows a state that was not kept. Steps repeated from there carry the same idempotency keys.
    /// </summary>
    private async Task Guarded(Func<Task> change)
    {
        try
        {
            await change();
        }
        catch
        {
            _state = null;
            _timer?.Dispose();
            DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>Resumes a gate whose task was decided while this instance did not run; true when one was.</summary>
    private async Task<bool> GateDecidedMeanwhileAsync()
    {
        foreach (var gate in _state!.Bookmarks.Where(b => b.Kind == BookmarkKind.Approval).ToList())
        {
            if (await approvals.DecisionAsync(_state, gate) is { } resolution)
            {
                await _engine!.ResumeAsync(_state, gate.TokenId, resolution.Outcome, resolution.Outputs, CancellationToken.None);
                return true;
            }
        }

        return false;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status) => await WakeAsync();

    public async Task WakeAsync()
    {
        if (_state is not { } state || _engine is null)
        {
            return;
        }

        var changed = false;
        foreach (var gate in state.Bookmarks.Where(b => b.Kind == BookmarkKind.Approval).ToList())
        {
            var breach = await approvals.SlaBreachedAsync(state, gate);
            changed = true;
            if (breach is { } resolution)
            {
                await _engine.ResumeAsync(state, gate.TokenId, resolution.Outcome, resolution.Outputs, CancellationToken.None);
            }
        }

        if (state.Bookmarks.Any(b => b.DueAt <= time.GetUtcNow()))
        {
            await _engine.ResumeDueAsync(state, time.GetUtcNow(), CancellationToken.None);
            changed = true;
        }

        if (changed)
        {
            await Guarded(AfterAsync);
        }
        else
        {
            // A timer may fire a little before its due time: arm it again rather than wait for the next reminder.
            await ScheduleWakeAsync();
        }
    }

    private async Task<FlowEngine> EngineForAsync(InstanceState state)
    {
        var version = await definitions.VersionAsync(state.DefinitionId, state.Version)
                      ?? throw new InvalidOperationException($"Definition {state.DefinitionId} version {state.Version} is missing.");
        return new FlowEngine(version.Definition, executor, time, SaveAsync);
    }

    private async Task SaveAsync(InstanceState state)
    {
        // Listed before the checkpoint that says Running, so that a crash after it is always found.
        if (state.Status == InstanceStatus.Running && !_listedRunning)
        {
            await running.AddAsync(state.Id);
            _listedRunning = true;
        }

        record.State.Json = sensitive.Protect(JsonSerializer.Serialize(state, JsonSerializerOptions.Web));
        await record.WriteStateAsync();
        if (state.Status != InstanceStatus.Running && _listedRunning)
        {
            await running.RemoveAsync(state.Id);
            _listedRunning = false;
        }
    }

    private async Task AfterAsync()
    {
        await OpenApprovalsAsync();
        await kpis.StepsAsync(_state!);
        if (_state!.Status != _reportedStatus && _state.Status is InstanceStatus.Completed or InstanceStatus.Failed or InstanceStatus.Cancelled or InstanceStatus.Incident)
        {
            await kpis.InstanceAsync(_state, _state.Status.ToString().ToLowerInvariant());
        }

        _reportedStatus = _state.Status;
        await SaveAsync(_state);
        await ScheduleWakeAsync();
    }

    /// <summary>Each gate reached gets its task; a gate the governance rules decide (or a decision already taken) goes on at once.</summary>
    private async Task OpenApprovalsAsync()
    {
        var resumed = true;
        while (resumed && _state is { Status: InstanceStatus.Waiting } state)
        {
            resumed = false;
            foreach (var gate in state.Bookmarks.Where(b => b.Kind == BookmarkKind.Approval).ToList())
            {
                if (await approvals.OpenAsync(state, gate) is { } resolution)
                {
                    await _engine!.ResumeAsync(state, gate.TokenId, resolution.Outcome, resolution.Outputs, CancellationToken.None);
                    resumed = true;
                    break;
                }
            }
        }

        _nextSla = await NextSlaAsync();
    }

    private async Task<DateTimeOffset?> NextSlaAsync()
    {
        DateTimeOffset? next = null;
        foreach (var gate in _state?.Bookmarks.Where(b => b.Kind == BookmarkKind.Approval) ?? [])
        {
            if (await approvals.DueAsync(_state!, gate) is { } due && (next is null || due < next))
            {
                next = due;
            }
        }

        return next;
    }

    /// <summary>The next due bookmark wakes the grain: a timer while it is in memory, a reminder (at most a minute late) if it is not.</summary>
    private async Task ScheduleWakeAsync()
    {
        _timer?.Dispose();
        _timer = null;
        var next = _engine?.NextDue(_state!);
        if (_nextSla is { } sla && (next is null || sla < next))
        {
            next = sla;
        }

        if (next is null)
        {
            // Reading the reminder table costs a round trip: only when a reminder may be there.
            if (_mayHaveReminder != false && await this.GetReminder(WakeReminder) is { } old)
            {
                await this.UnregisterReminder(old);
            }

            _mayHaveReminder = false;
            return;
        }

        var due = next.Value - time.GetUtcNow() + TimeSpan.FromMilliseconds(20); // a hair late rather than early
        due = due < TimeSpan.Zero ? TimeSpan.Zero : due;
        _timer = this.RegisterGrainTimer(_ => WakeAsync(), new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { Interleave = false });
        await this.RegisterOrUpdateReminder(WakeReminder, due < TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : due, TimeSpan.FromMinutes(1));
        _mayHaveReminder = true;
    }

    /// <summary>Answers never carry the personal data the governance service redacted, nor its placeholder map.</summary>
    private string Json() => InstanceViews.Masked(_state!);
}
