using Packetflix.Capture;
using Packetflix.Core.Pcapng;
using Packetflix.Linux;
using Packetflix.Server.Cli;

namespace Packetflix.Server.CaptureApi;

/// <summary>Parameters → resolved target → running capture (which opens, checks and watches the namespace); shared
/// by every endpoint that streams a capture. Errors are upstream's texts (docs/protocol.md §6–§7).</summary>
internal sealed partial class CaptureStarter
{
    private readonly TargetResolver _resolver;
    private readonly NetnsLocator _locator;
    private readonly ServerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<CaptureSession> _logger;
    private readonly ICaptureGate _gate;

    public CaptureStarter(TargetResolver resolver, NetnsLocator locator, ServerOptions options, TimeProvider time,
        ILogger<CaptureSession> logger, ICaptureGate gate)
    {
        _gate = gate;
        _resolver = resolver;
        _locator = locator;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public async Task<CaptureLease> StartAsync(string id, CaptureParameters parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.IsMultiTarget)
        {
            return await StartManyAsync(id, parameters, cancellationToken);
        }

        var resolved = await _resolver.ResolveAsync(parameters, cancellationToken);
        if (!resolved.Succeeded)
        {
            return CaptureLease.Failed(resolved.ErrorKind, resolved.Error);
        }

        var capture = resolved.Capture;
        if (_gate.Admit(id, capture) is { } refusal)
        {
            return CaptureLease.Failed(CaptureErrorKind.Forbidden, refusal);
        }

        var target = capture.Target;
        var options = new CaptureOptions
        {
            SnapLength = capture.SnapLength,
            Promiscuous = !capture.Chaste,
            Filter = capture.Filter,
            KernelBufferBytes = _options.BufferSizeMiB * 1024 * 1024,
            SectionComment = new CaptureTargetComment(target.Name, target.Type, target.NodeName ?? "")
            {
                ClusterUid = string.IsNullOrEmpty(target.Cluster?.Uid) ? null : target.Cluster.Uid,
                CaptureFilter = capture.Filter,
                NoPromiscuousMode = capture.Chaste,
            }.ToYaml(),
        };
        var description = string.IsNullOrEmpty(target.Name) ? null
            : string.IsNullOrEmpty(target.Prefix) ? target.Name : $"{target.Prefix}:{target.Name}";
        var start = await CaptureSession.OpenAsync(id,
            new CaptureNamespace((ulong)Math.Max(0, target.Netns), target.Pid, (ulong)Math.Max(0, target.StartTime)), capture.Interfaces,
            description, options, _locator, _time, _logger);
        if (!start.Started)
        {
            return CaptureLease.Failed(start.ErrorKind, start.Error);
        }

        _gate.Started(id, start.Session);
        return CaptureLease.Running(start.Session);
    }
}
