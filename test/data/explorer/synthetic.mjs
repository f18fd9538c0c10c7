// Synthetic /json (docs/discovery.md) with a host bridge and N containers, each joined to it by a veth, plus a
// physical NIC. `node synthetic.mjs 100 > wiring-100.json` writes the fixture the Playwright first-paint test
// serves; the node tests call synthetic(n) directly.
const HOST = 4026531840;

export function synthetic(n) {
  const hostNifs = [
    { name: "lo", index: 1, kind: "", operstate: "UNKNOWN", mac: "00:00:00:00:00:00", mtu: 65536, master: null, peer: null, addresses: { ipv4: [{ address: "127.0.0.1", prefixlen: 8 }], ipv6: [] } },
    { name: "enp1s0", index: 2, kind: "", operstate: "UP", mac: "52:54:00:12:34:56", mtu: 1500, master: null, peer: null, addresses: { ipv4: [{ address: "192.168.1.10", prefixlen: 24 }], ipv6: [] } },
    { name: "docker0", index: 3, kind: "bridge", operstate: "UP", mac: "02:42:00:00:00:01", mtu: 1500, master: null, peer: null, addresses: { ipv4: [{ address: "172.17.0.1", prefixlen: 16 }], ipv6: [] } },
  ];
  const namespaces = [];
  for (let i = 0; i < n; i++) {
    const netns = 4026532000 + i;
    const veth = `veth${(0x1000 + i).toString(16)}`;
    const name = `app-${String(i).padStart(3, "0")}`;
    hostNifs.push({ name: veth, index: 10 + i, kind: "veth", operstate: "UP", mac: `9a:00:00:00:${(i >> 8).toString(16).padStart(2, "0")}:${(i & 255).toString(16).padStart(2, "0")}`, mtu: 1500, master: { name: "docker0", index: 3 }, peer: { netns, index: 2, name: "eth0" }, addresses: { ipv4: [], ipv6: [] } });
    namespaces.push({
      netns, initial: false, "bind-mounts": [`/run/docker/netns/${netns.toString(16)}`],
      containers: [{ name, type: "docker", prefix: "", "container-id": `${i}`.padStart(12, "0"), state: "running", pid: 10000 + i, starttime: 5000 + i, labels: {}, pod: null }],
      "network-interfaces": [
        { name: "lo", index: 1, kind: "", operstate: "UNKNOWN", mac: "00:00:00:00:00:00", mtu: 65536, master: null, peer: null, addresses: { ipv4: [{ address: "127.0.0.1", prefixlen: 8 }], ipv6: [] } },
        { name: "eth0", index: 2, kind: "veth", operstate: "UP", mac: `02:42:ac:11:${(i >> 8).toString(16).padStart(2, "0")}:${(i & 255).toString(16).padStart(2, "0")}`, mtu: 1500, master: null, peer: { netns: HOST, index: 10 + i, name: veth }, addresses: { ipv4: [{ address: `172.17.${i >> 8}.${(i & 255) + 2}`, prefixlen: 16 }], ipv6: [] } },
      ],
    });
  }
  namespaces.unshift({ netns: HOST, initial: true, "bind-mounts": [], containers: [], "network-interfaces": hostNifs });
  return {
    metadata: { "creator-id": "packetflix", "creator-version": "test", hostname: "synthetic", "kernel-version": "Linux version 6.1.0" },
    engines: [{ id: "x", type: "docker", version: "27.0.3", "api-path": "/run/docker.sock", pid: 1, prefix: "" }],
    "network-namespaces": namespaces,
  };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop())) {
  process.stdout.write(`${JSON.stringify(synthetic(Number(process.argv[2] ?? 100)))}\n`);
}
