using Packetflix.Core.Targets;
using Packetflix.Extcap.Cli;
using Packetflix.Extcap.Client;

namespace Packetflix.Extcap.Tests;

/// <summary>Name lookup on one of several hosts and the hosts' labels (docs/clients.md, "Several hosts").</summary>
public sealed class HostSelectionTests
{
    private static readonly CaptureTarget[] Targets =
    [
        new() { Name = "web", Type = "docker", Netns = 4026532001 },
        new() { Name = "api", Type = "docker", Netns = 4026532002, Prefix = "a" },
        new() { Name = "api", Type = "docker", Netns = 4026532003, Prefix = "b" },
    ];

    private static TargetSelection Names(params string[] names) => new(names, [], false);

    [Fact]
    public void SelectOnHost_NamesPresentAndAbsent_PicksThePresentOnes()
    {
        var selection = Names("web", "db", "b:api", "4026532002", "4026539999").SelectOnHost(Targets, []);

        Assert.Equal(["web", "b:api", "4026532002"], selection.Found);
        Assert.Equal([4026532001L, 4026532003L, 4026532002L], selection.Targets.Select(t => t.Netns));
        Assert.False(selection.LabelMatched);
    }

    [Fact]
    public void SelectOnHost_AmbiguousThere_FailsAsForOneHost()
    {
        var ex = Assert.Throws<ClientException>(() => Names("api").SelectOnHost(Targets, []));
        Assert.Contains("ambiguous", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SelectOnHost_LabelMatchingNothingHere_IsNoError()
    {
        var selection = new TargetSelection([], [LabelSelector.Parse("tier=db")], false).SelectOnHost(Targets, []);
        Assert.Empty(selection.Targets);
        Assert.False(selection.LabelMatched);
    }

    [Fact]
    public void For_SameHostNameDifferentPorts_HostAndPort()
    {
        Assert.Equal(["node-a", "node-b"], HostLabels.For([HostUrl.Parse("node-a:5001"), HostUrl.Parse("https://node-b")]));
        Assert.Equal(["127.0.0.1:5001", "127.0.0.1:5002"], HostLabels.For([HostUrl.Parse("127.0.0.1:5001"), HostUrl.Parse("127.0.0.1:5002")]));
        Assert.Equal(["unix:/run/a.sock", "unix:/run/b.sock"],
            HostLabels.For([HostUrl.Parse("unix:/run/a.sock"), HostUrl.Parse("unix:/run/b.sock")]));
    }

    [Fact]
    public void For_SameServiceTwice_Refused()
    {
        var ex = Assert.Throws<ClientException>(() => HostLabels.For([HostUrl.Parse("h:1"), HostUrl.Parse("http://h:1/")]));
        Assert.Contains("given twice", ex.Message, StringComparison.Ordinal);
    }
}
