using Packetflix.Core;

namespace Packetflix.Extcap.Wireshark;

/// <summary>
/// The text of <c>--extcap-interfaces</c>, <c>--extcap-dlts</c> and <c>--extcap-config</c>: cshargextcap's lines and argument
/// numbers (docs/protocol.md §11), so saved Wireshark profiles and <c>-o extcap.…</c> preferences keep working, plus our own
/// options (snaplen, token, TLS) on numbers upstream does not use.
/// </summary>
internal static class ExtcapConfigText
{
    public const string MobyInterface = "mobyshark";
    public const string PacketflixInterface = "packetflix";

    /// <summary>Help link shown by Wireshark; we keep upstream's, where the protocol is documented.</summary>
    public const string HelpUrl = "https://github.com/siemens/cshargextcap";

    public const int ContainersArg = 10;
    public const int NifsArg = 20;

    /// <summary>Ours: several containers in one capture (Wireshark's <c>multicheck</c>), sent as one <c>targets=</c> request.</summary>
    public const int MultiContainersArg = 11;

    private const string SkipVerify = "{call=--insecure}{type=boolflag}{display=⚠INSECURE⚠ Skip server certificate validation}";

    private static readonly SortedDictionary<int, string> CommonOtherTabArgs = new()
    {
        [50] = "{call=--snaplen}{type=unsigned}{range=1,262144}{display=Snapshot length}"
            + "{tooltip=bytes kept of each packet (1-262144); empty for the whole packet}",
        [60] = "{group=Authentication}{call=--token}{type=password}{display=Access token}"
            + "{tooltip=sent as Authorization: Bearer to the Packetflix service}",
        [61] = "{group=Authentication}{call=--token-file}{type=fileselect}{mustexist=true}{display=Access token file}"
            + "{tooltip=file holding the access token; used when no token is given}",
        [70] = "{group=TLS}{call=--ca-file}{type=fileselect}{mustexist=true}{display=CA certificates file}"
            + "{tooltip=PEM file with the CA that issued the service's certificate; empty for the system's CAs}",
        [71] = "{group=TLS}{call=--tls-fingerprint}{type=string}{display=Certificate fingerprint}"
            + "{tooltip=accept exactly the certificate with this SHA-256 (sha256:AB:CD:..., as the service logs it)}"
            + "{placeholder=sha256:AB:CD:...}",
        [72] = "{group=TLS}{call=--tls-client-cert}{type=fileselect}{mustexist=true}{display=Client certificate}"
            + "{tooltip=PEM client certificate, when the service requires one (mTLS)}",
        [73] = "{group=TLS}{call=--tls-client-key}{type=fileselect}{mustexist=true}{display=Client certificate key}"
            + "{tooltip=PEM private key of the client certificate; empty when the certificate file holds it}",
        [600] = "{group=Proxy}{call=--proxyoff}{type=boolflag}{default=yes}{display=Disable proxies}{tooltip=disables proxies completely}",
        [666] = "{group=Proxy}{call=--httpproxy}{type=string}{display=HTTP proxy}{placeholder=http://poxyproxy.acme.com:1234}",
        [667] = "{group=Proxy}{call=--httpsproxy}{type=string}{display=HTTPS proxy}{placeholder=http://poxyproxy.acme.com:1234}",
        [668] = "{group=Proxy}{call=--noproxy}{type=string}{display=No proxy}{placeholder=destinations where no proxy should be used}",
    };

    public static string Interfaces()
    {
        var version = PacketflixVersion.Version;
        return $"extcap {{version={version}}}{{help={HelpUrl}}}\n"
            + $"interface {{value={MobyInterface}}}{{display=Docker host capture ({version})}}\n"
            + $"interface {{value={PacketflixInterface}}}{{display=packetflix:// remote cluster and container host capture ({version})}}\n";
    }

    public static string Dlts() => "dlt {number=147}{name=CLUSTERSHARK}{display=remote container capture}\n";

    public static string Config(string extcapInterface)
    {
        var args = new SortedDictionary<int, string>(CommonOtherTabArgs) { [2] = SkipVerify };
        if (extcapInterface == MobyInterface)
        {
            args[1] = "{call=--dockerhosturl}{type=string}{required=true}{display=Docker host URL}"
                + "{tooltip=DNS name or IP address of Docker host}{placeholder=http://host-ip-or-dns:5001}";
            args[ContainersArg] = "{call=--container}{type=selector}{reload=true}{display=Containers}{placeholder=refresh}";
            args[MultiContainersArg] = "{call=--containers}{type=multicheck}{display=Several containers}"
                + "{tooltip=capture these together in one stream instead of the one above (listed once the Docker host URL is set; "
                + "reopen the options)}";
            args[NifsArg] = "{call=--nif}{type=selector}{reload=true}{display=Interfaces}{placeholder=refresh}";
            args[30] = "{call=--showpods}{type=boolflag}{display=Show pods}{default=false}";
            args[31] = "{call=--showcontainers}{type=boolflag}{display=Show standalone containers}{default=true}";
            args[32] = "{call=--showprocs}{type=boolflag}{display=Show processes}{default=false}";
            args[33] = "{call=--showemptynetns}{type=boolflag}{display=Show process-less IP stacks}{default=false}";
            args[40] = "{call=--noprom}{type=boolflag}{display=No promiscuous mode}{default=false}";
        }
        else
        {
            args[ContainersArg] = "{call=--url}{type=string}{required=true}{display=capture URL}"
                + "{tooltip=remote Packetflix capture service URL}{placeholder=packetflix://...}";
        }

        var text = new System.Text.StringBuilder();
        foreach (var (number, spec) in args)
        {
            text.Append("arg {number=").Append(number).Append('}').Append(spec).Append('\n');
        }

        if (extcapInterface == MobyInterface)
        {
            text.Append(AnyNifValue);
        }

        return text.ToString();
    }

    public static string AnyNifValue => $"value {{arg={NifsArg}}}{{value=any}}{{display=all}}{{default=true}}\n";

    /// <summary>A multicheck value (extcap docs: <c>{parent=}</c> makes a tree; <c>{enabled=false}</c> a heading that
    /// cannot be checked).</summary>
    public static string CheckValue(string value, string display, string? parent, bool enabled) =>
        $"value {{arg={MultiContainersArg}}}{{value={value}}}{{display={display}}}{{enabled={(enabled ? "true" : "false")}}}"
        + (parent is null ? string.Empty : $"{{parent={parent}}}") + "\n";

    public static string Value(int arg, string value, string display) =>
        $"value {{arg={arg}}}{{value={value}}}{{display={display}}}{{default=false}}\n";
}
