using System.Text.Json;
using System.Text.Json.Nodes;
using Integration.Workflows;
using Integration.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Serialization.Cloning;

namespace Integration.Workflows.Tests;

/// <summary>What grain calls carry: the API's records cross between silos whole (as JSON), and pass inside one uncopied.</summary>
public sealed class GrainMessageTests
{
    private static readonly IServiceProvider Services = new ServiceCollection().AddSerializer(WorkflowServices.GrainMessages).BuildServiceProvider();

    private static InstanceView View() => new("i-1", "greet", 2, InstanceStatus.Waiting, new JsonObject { ["customer"] = "<PERSON_1>" }, null, [],
        new JsonObject { ["start"] = new JsonObject() }, null, null, [new Token("t-1", "call", 2)],
        [new Bookmark("t-1", "call", BookmarkKind.Child, DateTimeOffset.UnixEpoch, new JsonObject { ["instanceId"] = "c-1" })],
        new Dictionary<string, int> { ["call"] = 1 }, new Dictionary<string, int>(), new Dictionary<string, int>(),
        [new JournalEntry(1, DateTimeOffset.UnixEpoch, "call", "workflow.call", JournalEvent.Waiting, Call: new ModelCall("m", "m-b", "3", 10, 5, 0.01m, null))],
        7, 0, null, DateTimeOffset.UnixEpoch, "ticket:1", new ParentStep("p-1", "call"));

    [Fact]
    public void An_instance_view_crosses_between_silos_whole()
    {
        var serializer = Services.GetRequiredService<Serializer>();
        var view = View();

        var read = serializer.Deserialize<InstanceView>(serializer.SerializeToArray(view))!;

        Assert.Equal(JsonSerializer.Serialize(view), JsonSerializer.Serialize(read));
        Assert.Equal((BookmarkKind.Child, JournalEvent.Waiting, "p-1"), (read.Bookmarks[0].Kind, read.Journal[0].Event, read.Parent!.InstanceId));
    }

    [Fact]
    public void Inside_a_silo_an_instance_view_is_passed_as_it_is_and_instance_data_is_copied()
    {
        var copier = Services.GetRequiredService<DeepCopier>();
        var view = View();
        var data = new JsonObject { ["customer"] = "Vera" };

        Assert.Same(view, copier.Copy(view));
        var copied = copier.Copy(data);
        Assert.NotSame(data, copied);
        Assert.True(JsonNode.DeepEquals(data, copied));
    }
}
