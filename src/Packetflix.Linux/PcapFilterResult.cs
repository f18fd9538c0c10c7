namespace Packetflix.Linux;

/// <summary>Outcome of <see cref="SafePcapHandle.SetFilter"/>.</summary>
public enum PcapFilterResult
{
    /// <summary>The filter is compiled and active.</summary>
    Installed,

    /// <summary>pcap_compile(3PCAP) rejected the expression.</summary>
    InvalidSyntax,

    /// <summary>pcap_setfilter(3PCAP) failed.</summary>
    NotInstalled,
}
