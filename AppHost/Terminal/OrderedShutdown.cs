using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Integration.AppHost.Terminal;

/// <summary>
/// Stops the services before what they depend on. DCP stops every resource at once, so Redis could go first and leave a
/// workflow silo unable to leave its Orleans cluster cleanly (the next start would wait for it to be declared dead).
/// Registered after Aspire's own services, so it stops first: it stops every project, waits for them, then lets Aspire
/// stop the rest.
/// </summary>
internal sealed class OrderedShutdown(DistributedApplicationModel model, ResourceCommandService commands,
    ResourceNotificationService notifications, ILogger<OrderedShutdown> logger) : IHostedService
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Limit);
        try
        {
            await Task.WhenAll(model.Resources.OfType<ProjectResource>().Select(project => StopAsync(project, deadline.Token)));
        }
        catch (Exception ex)
        {
            // Best effort: Aspire stops whatever is left either way.
            logger.LogWarning("Stopping the services before Redis did not finish ({Reason}); stopping everything at once.", ex.Message);
        }
    }

    private async Task StopAsync(ProjectResource project, CancellationToken cancellationToken)
    {
        try
        {
            var stop = await commands.ExecuteCommandAsync(project, KnownResourceCommands.StopCommand, cancellationToken);
            if (stop.Success)
            {
                await notifications.WaitForResourceAsync(project.Name, KnownResourceStates.TerminalStates, cancellationToken);
            }
        }
        catch (InvalidOperationException)
        {
            // Not running (it failed, or waits for one that did): nothing to stop.
        }
    }
}
