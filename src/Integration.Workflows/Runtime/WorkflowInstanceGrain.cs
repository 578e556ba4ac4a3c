using System.Text.Json;
using System.Text.Json.Nodes;
using Integration.ServiceDefaults.Protection;
using Integration.Workflows.Definitions;

namespace Integration.Workflows.Runtime;

/// <summary>
/// An instance as an Orleans grain. Its state is checkpointed to Redis before every step that reaches outside (a model, a
/// connector: a crash then repeats that step from the same state, with the same idempotency key, never an earlier
/// model answer's different path) and whenever a call ends (waiting, completed, failed, incident), not after each pure
/// step: those are repeated from the last checkpoint as they were. Its waits are woken by a grain timer while active and
/// by a Redis reminder otherwise.
/// </summary>
// Activated on the silo that first calls it (the one that took the start request or the trigger event): an instance then
// runs where it was asked for, without a hop to another silo; later calls find it wherever it lives.
[Orleans.Placement.PreferLocalPlacement]
public sealed class WorkflowInstanceGrain(
    [PersistentState("instance", WorkflowInstanceGrain.Storage)] IPersistentState<InstanceRecord> record,
    DefinitionStore definitions,
    Activities.ActivityCatalog activities,
    IServiceProvider services,
    Approvals.ApprovalCoordinator approvals,
    Kpis.KpiRecorder kpis,
    RunningInstances running,
    Instances.InstanceIndex index,
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
        _state = record.State.Instance
                 ?? (record.State.Json is { } legacy ? JsonSerializer.Deserialize<InstanceState>(sensitive.Unprotect(legacy), JsonSerializerOptions.Web) : null);
        if (_state is not null)
        {
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

    public async Task<InstanceView> StartAsync(StartInstance start)
    {
        if (_state is not null)
        {
            return View();
        }

        _state = new InstanceState
        {
            Id = this.GetPrimaryKeyString(),
            DefinitionId = start.DefinitionId,
            Version = start.Version,
            Input = start.Input.DeepClone().AsObject(),
            Event = start.Event?.DeepClone().AsObject(),
            BusinessKey = start.BusinessKey,
            CreatedAt = time.GetUtcNow(),
            Parent = start.Parent,
            CallDepth = start.CallDepth,
        };
        _engine = await EngineForAsync(_state);
        _mayHaveReminder = false;
        await Guarded(async () =>
        {
            await kpis.InstanceAsync(_state, "started");
            await _engine.StartAsync(_state, start.TriggerId, CancellationToken.None);
            await AfterAsync();
        });
        return View();
    }

    public Task<InstanceView?> GetAsync() => Task.FromResult(_state is null ? null : View());

    public Task<string?> PlaceholderValueAsync(string placeholder) => Task.FromResult(_state?.Placeholders.GetValueOrDefault(placeholder));

    public async Task<InstanceView> ResumeAsync(Resumption resumption)
    {
        var state = _state ?? throw new InvalidOperationException("The instance does not exist.");
        if (state.Bookmarks.All(b => b.TokenId != resumption.TokenId))
        {
            // Resumed before (a repeated decision, or the gate went on when the instance woke): nothing to do twice.
            return View();
        }

        await Guarded(async () =>
        {
            await _engine!.ResumeAsync(state, resumption.TokenId, resumption.Outcome, resumption.Outputs.DeepClone().AsObject(), CancellationToken.None);
            await AfterAsync();
        });
        return View();
    }

    public async Task<InstanceView> CancelAsync(string reason)
    {
        var state = _state ?? throw new InvalidOperationException("The instance does not exist.");
        // The sub-workflows it waits for go with it (each tells this instance it ended; nothing waits for that any more).
        foreach (var child in state.Bookmarks.Select(Activities.Flow.CallWorkflow.ChildOf).OfType<string>().ToList())
        {
            await GrainFactory.GetGrain<IWorkflowInstanceGrain>(child).CancelAsync($"its parent {state.Id} was cancelled: {reason}");
        }

        await Guarded(async () =>
        {
            FlowEngine.Cancel(state, reason);
            await AfterAsync();
        });
        return View();
    }

    public async Task ChildEndedAsync(ChildEnded ended)
    {
        if (_state is not { } state || state.Bookmarks.FirstOrDefault(b => Activities.Flow.CallWorkflow.ChildOf(b) == ended.InstanceId) is not { } waiting ||
            Activities.Flow.CallWorkflow.Ended(ended.InstanceId, ended.Status, ended.Outputs, ended.Error) is not { } outcome)
        {
            return; // ended before its parent waited (the step took its end at once), or told twice
        }

        await Guarded(async () =>
        {
            await _engine!.ResumeAsync(state, waiting.TokenId, outcome.Outcome!, outcome.Outputs, CancellationToken.None);
            await AfterAsync();
        });
    }

    /// <summary>Asks each sub-workflow whose bookmark is due whether it ended (its word may have been lost): resumes, or asks again later.</summary>
    private async Task<bool> AskChildrenAsync(InstanceState state)
    {
        var changed = false;
        foreach (var waiting in state.Bookmarks.Where(b => b.Kind == BookmarkKind.Child && b.DueAt <= time.GetUtcNow()).ToList())
        {
            var childId = Activities.Flow.CallWorkflow.ChildOf(waiting)!;
            var child = await GrainFactory.GetGrain<IWorkflowInstanceGrain>(childId).GetAsync();
            if (child is not null && Activities.Flow.CallWorkflow.Ended(childId, child.Status, child.Outputs, child.Error) is { } outcome)
            {
                await _engine!.ResumeAsync(state, waiting.TokenId, outcome.Outcome!, outcome.Outputs, CancellationToken.None);
            }
            else
            {
                state.Bookmarks[state.Bookmarks.IndexOf(waiting)] = waiting with { DueAt = time.GetUtcNow() + Activities.Flow.CallWorkflow.AskChildEvery };
            }

            changed = true;
        }

        return changed;
    }

    public async Task<InstanceView> RetryIncidentsAsync()
    {
        var state = _state ?? throw new InvalidOperationException("The instance does not exist.");
        await Guarded(async () =>
        {
            await _engine!.RetryIncidentsAsync(state, CancellationToken.None);
            await AfterAsync();
        });
        return View();
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

        changed |= await AskChildrenAsync(state);
        if (state.Bookmarks.Any(b => b.DueAt <= time.GetUtcNow() && b.Kind != BookmarkKind.Child))
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
        var definition = await definitions.DefinitionAsync(state.DefinitionId, state.Version)
                         ?? throw new InvalidOperationException($"Definition {state.DefinitionId} version {state.Version} is missing.");
        return new FlowEngine(definition, activities, services, time, SaveAsync);
    }

    private bool _keyIndexed; // by business key, once per activation (the index keeps the newest instance per key)

    private async Task SaveAsync(InstanceState state)
    {
        // Listed before the checkpoint that says Running, so that a crash after it is always found.
        if (state.Status == InstanceStatus.Running && !_listedRunning)
        {
            await running.AddAsync(state.Id);
            _listedRunning = true;
        }

        record.State.Instance = state;
        record.State.Json = null;
        await record.WriteStateAsync();
        var summary = index.Record(state, time.GetUtcNow());
        if (!_keyIndexed)
        {
            await index.IndexKeyAsync(summary);
            _keyIndexed = true;
        }

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

        var ended = _state.Status != _reportedStatus && _state.Status is InstanceStatus.Completed or InstanceStatus.Failed or InstanceStatus.Cancelled;
        _reportedStatus = _state.Status;
        await SaveAsync(_state);
        if (ended && _state.Parent is { } parent)
        {
            // One-way: the parent may be the one starting this instance right now.
            await GrainFactory.GetGrain<IWorkflowInstanceGrain>(parent.InstanceId).ChildEndedAsync(new ChildEnded(_state.Id, _state.Status, _state.Outputs, _state.Error));
        }

        await ScheduleWakeAsync();
        if (_state.Status is InstanceStatus.Completed or InstanceStatus.Failed or InstanceStatus.Cancelled)
        {
            // Nothing will happen to a finished instance: its memory goes back now, and a read activates it from Redis.
            DeactivateOnIdle();
        }
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
    private InstanceView View() => InstanceViews.Of(_state!);
}
