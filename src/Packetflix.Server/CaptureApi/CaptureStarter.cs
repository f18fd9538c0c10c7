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
    private readonly CaptureLimits _limits;

    private readonly OwnConnectionRegistry _own;
    private readonly SharedCaptures? _shared;

    public CaptureStarter(TargetResolver resolver, NetnsLocator locator, ServerOptions options, TimeProvider time,
        ILogger<CaptureSession> logger, ICaptureGate gate, OwnConnectionRegistry own, SharedCaptures shared)
    {
        _own = own;
        _shared = options.ShareCaptures ? shared : null;
        _gate = gate;
        _limits = new CaptureLimits(options.MaxTargets, options.MaxInterfaces);
        _resolver = resolver;
        _locator = locator;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public async Task<CaptureLease> StartAsync(string id, CaptureParameters parameters, CancellationToken cancellationToken) =>
        await OpenAsync(id, await AdmitAsync(id, parameters, cancellationToken));

    /// <summary>Resolves the request, then checks the limits and access control on the <b>resolved</b> target.</summary>
    public async Task<CaptureAdmission> AdmitAsync(string id, CaptureParameters parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var admission = await AdmitTargetsAsync(id, parameters, cancellationToken);
        return admission.Admitted
            ? admission with { Own = (parameters.Connection, parameters.ExcludeOwn && !_options.IncludeOwnTraffic) }
            : admission;
    }

    private async Task<CaptureAdmission> AdmitTargetsAsync(string id, CaptureParameters parameters, CancellationToken cancellationToken)
    {
        if (parameters.IsMultiTarget)
        {
            return await AdmitManyAsync(id, parameters, cancellationToken);
        }

        var resolved = await _resolver.ResolveAsync(parameters, cancellationToken);
        if (!resolved.Succeeded)
        {
            return CaptureAdmission.Fail(resolved.ErrorKind, resolved.Error, refused: false);
        }

        var capture = resolved.Capture;
        if (_limits.Check(targets: 1, capture.Interfaces.Count) is { } limit)
        {
            return CaptureAdmission.Fail(CaptureErrorKind.InvalidParameter, limit, refused: true);
        }

        return await _gate.AdmitAsync(id, capture, cancellationToken) is { } refusal
            ? CaptureAdmission.Fail(refusal.Kind, refusal.Reason, refused: true)
            : CaptureAdmission.Admit(capture);
    }

    /// <summary>The capture options every session gets from the service's flags (kernel ring, session buffer with
    /// resume at half) and the request (snap length, promiscuity, filter, own-traffic exclusion).</summary>
    private CaptureOptions Options(int snapLength, bool chaste, string? filter, IOwnConnections? own) => new()
    {
        SnapLength = snapLength,
        Promiscuous = !chaste,
        Filter = filter,
        KernelBufferBytes = _options.BufferSizeMiB * 1024 * 1024,
        PauseWriterThreshold = _options.SessionBufferBytes,
        ResumeWriterThreshold = _options.SessionBufferBytes / 2,
        OwnTraffic = own,
        MaxInterfaces = _limits.MaxInterfaces,
    };

    /// <summary>Opens an admitted capture; a refused admission becomes a failed lease. The stream's own connection is
    /// registered before the capture opens, so this capture (and every other one in our namespace) leaves it out
    /// from its first packet (docs/architecture.md, "Our own traffic").</summary>
    public async Task<CaptureLease> OpenAsync(string id, CaptureAdmission admission)
    {
        ArgumentNullException.ThrowIfNull(admission);
        if (!admission.Admitted)
        {
            return CaptureLease.Failed(admission.ErrorKind, admission.Error);
        }

        var registration = admission.Own.Connection is { } connection ? _own.Register(connection) : null;
        try
        {
            var own = admission.Own.ExcludeOwn ? _own : null;
            var lease = admission.Many is { } many ? await OpenManyAsync(id, many, own) : await OpenOneAsync(id, admission, own);
            if (!lease.Started)
            {
                registration?.Dispose();
            }

            return lease.Holding(registration);
        }
        catch
        {
            registration?.Dispose();
            throw;
        }
    }

    private async Task<CaptureLease> OpenOneAsync(string id, CaptureAdmission admission, IOwnConnections? own)
    {

        var capture = admission.Capture!;
        var target = capture.Target;
        var options = Options(capture.SnapLength, capture.Chaste, capture.Filter, own) with
        {
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
            description, options, _locator, _time, _logger, _shared);
        if (!start.Started)
        {
            return CaptureLease.Failed(start.ErrorKind, start.Error);
        }

        _gate.Started(id, start.Session);
        return CaptureLease.Running(start.Session);
    }
}
