using System.Globalization;
using System.Text.Json.Nodes;
using Integration.Connectors.Catalog;
using Integration.Connectors.Connections;
using Integration.Connectors.Errors;
using Integration.Connectors.Outbox;
using StackExchange.Redis;

namespace Integration.Connectors.Polling;

/// <summary>
/// Salesforce and SAP send no webhooks here: their changes are polled. Each connection keeps a cursor in Redis
/// (the last modification time seen), asks for what changed since (Salesforce cases by LastModifiedDate, SAP sales
/// orders by LastChangeDateTime) through the catalog's own query operations, and adds one trigger event per change.
/// Event ids carry the modification time, so a change seen twice (equal timestamps, several replicas) is one event.
/// </summary>
public sealed class ChangePoller(
    ConnectorOptions options,
    OperationCatalog catalog,
    OperationInvoker invoker,
    EventOutbox outbox,
    IConnectionMultiplexer redis,
    TimeProvider time,
    ILogger<ChangePoller> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var polled = options.Connections.Where(c => c.Value.Kind is ConnectionKind.Salesforce or ConnectionKind.Sap).ToList();
        if (options.PollInterval <= TimeSpan.Zero || polled.Count == 0)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            foreach (var (name, connection) in polled)
            {
                try
                {
                    await PollAsync(name, connection.Kind, stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    // A vendor error, a timeout or Redis away: this round is skipped, the cursor stays, the next one tries again.
                    logger.LogWarning("Polling connection {Connection} failed: {Reason}", name, e.Message);
                }
            }

            await Task.Delay(options.PollInterval, time, stoppingToken);
        }
    }

    private async Task PollAsync(string connection, ConnectionKind kind, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var cursorKey = $"connectors:cursor:{connection}";
        // One replica polls a connection per interval; the others skip it.
        if (!await db.StringSetAsync($"{cursorKey}:lock", Environment.ProcessId, options.PollInterval, When.NotExists))
        {
            return;
        }

        // The first poll only sets the cursor: a new connection reports changes from here on, not its whole history.
        if ((string?)await db.StringGetAsync(cursorKey) is not { } stored)
        {
            await db.StringSetAsync(cursorKey, time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture), when: When.NotExists);
            return;
        }

        var since = DateTimeOffset.Parse(stored, CultureInfo.InvariantCulture);
        var iso = since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var (operation, input, rows) = kind == ConnectionKind.Salesforce
            ? ("salesforce.query", new JsonObject { ["soql"] = $"SELECT Id, CaseNumber, Subject, Status, LastModifiedDate FROM Case WHERE LastModifiedDate >= {iso} ORDER BY LastModifiedDate" }, "records")
            : ("sap.salesOrder.query", new JsonObject { ["filter"] = $"LastChangeDateTime ge datetimeoffset'{iso}'", ["orderBy"] = "LastChangeDateTime asc" }, "results");
        var (output, _) = await invoker.InvokeAsync(catalog.Find(operation)!, new OperationCall(connection, input, null), cancellationToken);

        var latest = since;
        foreach (var row in output[rows]?.AsArray() ?? [])
        {
            var (id, changedAt, type, subject) = kind == ConnectionKind.Salesforce
                ? (row!["Id"]!.GetValue<string>(), DateTimeOffset.Parse(row["LastModifiedDate"]!.GetValue<string>(), CultureInfo.InvariantCulture), "salesforce.case.changed", "case:")
                : (row!["SalesOrder"]!.GetValue<string>(), ODataDate(row["LastChangeDateTime"]!.GetValue<string>()), "sap.salesOrder.changed", "salesOrder:");
            // SOQL's datetime literals have whole seconds: what the query returns from before the cursor was seen already.
            if (changedAt < since)
            {
                continue;
            }

            await outbox.AddAsync(new TriggerEvent($"{connection}:{id}:{changedAt.ToUnixTimeMilliseconds()}", $"{kind.ToString().ToLowerInvariant()}:{connection}",
                type, subject + id, changedAt, row.DeepClone()));
            latest = changedAt > latest ? changedAt : latest;
        }

        await db.StringSetAsync(cursorKey, latest.ToString("O", CultureInfo.InvariantCulture));
    }

    /// <summary>OData V2's /Date(ms+0000)/.</summary>
    private static DateTimeOffset ODataDate(string value) =>
        DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(new string(value[6..].TakeWhile(char.IsDigit).ToArray()), CultureInfo.InvariantCulture));
}
