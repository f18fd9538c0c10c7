namespace Packetflix.Extcap.Install;

/// <summary>One tshark found on the machine, with where its Wireshark looks for extcaps.</summary>
/// <param name="Tshark">Path of the tshark executable.</param>
/// <param name="Version">Its version, e.g. <c>4.0.17</c>.</param>
/// <param name="PersonalExtcapFolder">The per-user folder it scans, where we install without root.</param>
/// <param name="GlobalExtcapFolders">The system folders it scans (from <c>tshark -G folders</c>).</param>
internal sealed record WiresharkInstallation(string Tshark, string Version, string PersonalExtcapFolder, IReadOnlyList<string> GlobalExtcapFolders);
