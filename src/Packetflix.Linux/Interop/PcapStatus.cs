namespace Packetflix.Linux;

/// <summary>
/// Return codes of libpcap, from &lt;pcap/pcap.h&gt; (PCAP_ERROR_* and PCAP_WARNING_*), see pcap_activate(3PCAP).
/// Negative values are errors, positive ones warnings, 0 is success.
/// </summary>
public enum PcapStatus
{
    Success = 0,
    Error = -1,
    Break = -2,
    NotActivated = -3,
    Activated = -4,
    NoSuchDevice = -5,
    RfmonNotSupported = -6,
    NotRfmon = -7,
    PermissionDenied = -8,
    InterfaceNotUp = -9,
    CantSetTstampType = -10,
    PromiscPermissionDenied = -11,
    TstampPrecisionNotSupported = -12,
    Warning = 1,
    WarningPromiscNotSupported = 2,
    WarningTstampTypeNotSupported = 3,
}
