using Packetflix.Core.Targets;
using Packetflix.Server.Targets;

namespace Packetflix.Server.Tests;

/// <summary>A hand-written directory: answers with fixed targets or a fixed error, and counts calls.</summary>
internal sealed class FakeTargetDirectory : ITargetDirectory
{
    private readonly Func<TargetListResult> _answer;

    public FakeTargetDirectory(params CaptureTarget[] targets) => _answer = () => new TargetListResult(targets, null);

    public FakeTargetDirectory(string error) => _answer = () => new TargetListResult(null, error);

    public int Calls { get; private set; }

    public Task<TargetListResult> ListAsync(CancellationToken cancellationToken)
    {
        Calls++;
        return Task.FromResult(_answer());
    }
}
