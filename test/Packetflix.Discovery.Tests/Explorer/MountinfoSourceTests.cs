using Packetflix.Discovery.Explorer;
using Packetflix.Linux;

namespace Packetflix.Discovery.Tests.Explorer;

public sealed class MountinfoSourceTests
{
    [Fact(Timeout = 10_000)]
    public async Task Read_UnreachableMountNamespace_ReasonInsteadOfFailure()
    {
        var node = new NamespaceNode(NamespaceType.Mnt, 4026539999);
        node.BindMountPaths.Add("/nonexistent/pf-test/mnt");

        var (text, _, reason) = await MountinfoSource.ReadAsync(node);

        Assert.Null(text);
        Assert.NotNull(reason);
    }
}
