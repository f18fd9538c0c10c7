// details.js and model.js: the rows of the details view, and the name-based lookup of namespaces.
import { test } from "node:test";
import assert from "node:assert/strict";
import { capabilityRows, dnsRows, forwardedRows, hostsRows, labelRows, processRows, routeRows, socketRows } from "../../../src/Packetflix.Server/wwwroot/ui/details.js";
import { addressesOf, namespaceSlug, resolveNamespace } from "../../../src/Packetflix.Server/wwwroot/ui/model.js";
import { fixture } from "./fixtures.mjs";

const namespaces = fixture("json.json")["network-namespaces"];
const web = namespaces[1];
const details = web.containers[0].details;

test("capabilities: non-default ones first and marked", () => {
  assert.deepEqual(capabilityRows(details).slice(0, 2), [{ name: "CAP_NET_ADMIN", nonDefault: true }, { name: "CAP_CHOWN", nonDefault: false }]);
  assert.equal(capabilityRows({}), null);
  assert.equal(capabilityRows(undefined), null);
});

test("DNS, hosts and scheduling; absent fields say not available", () => {
  assert.deepEqual(dnsRows(details), [["/etc/hostname", "web-1"], ["UTS hostname", "web-1"], ["Nameservers", "10.0.0.2"], ["Search", "example.org"]]);
  assert.deepEqual(dnsRows({ nameservers: [] }), [["/etc/hostname", "not available"], ["UTS hostname", "not available"], ["Nameservers", "none"], ["Search", "not available"]]);
  assert.deepEqual(hostsRows(details), [["127.0.0.1", "localhost"], ["10.0.0.5", "db db.shop"]]);
  assert.deepEqual(processRows(details), [["CPU affinity", "0-1"], ["Scheduler", "SCHED_OTHER"], ["Nice", "0"]]);
  assert.deepEqual(processRows({}), [["CPU affinity", "not available"], ["Scheduler", "not available"], ["Nice", "not available"]]);
  assert.equal(dnsRows(undefined), null);
  assert.equal(hostsRows({}), null);
});

test("routes by family setting, sockets listening first, forwarded ports; null when not sent", () => {
  assert.equal(routeRows(web).length, 3);
  assert.deepEqual(routeRows(web, { ipv4: false, ipv6: true }), [["ipv6", "fd00::/64", "—", "eth0", "254", "256", "universe", "kernel"]]);
  assert.deepEqual(socketRows(web).map((r) => r[1]), ["listen", "unconn", "established"]);
  assert.deepEqual(socketRows(web)[0], ["tcp", "listen", "0.0.0.0:80", "0.0.0.0:0", "nginx (12345)", "web"]);
  assert.deepEqual(forwardedRows(web), [["tcp", "0.0.0.0:8080", "web", "80", "docker"]]);
  const bare = namespaces[2];
  assert.deepEqual([routeRows(bare), socketRows(bare), forwardedRows(bare)], [null, null, null]);
  assert.deepEqual(labelRows(web.containers[0]), [["com.docker.compose.project", "shop"], ["tier", "front"]]);
  assert.deepEqual(labelRows({}), []);
});

test("bookmark names resolve by container, bind mount, host or inode, never stale inodes", () => {
  assert.equal(resolveNamespace(namespaces, "web"), web);
  assert.equal(resolveNamespace(namespaces, "lab"), namespaces[2]);
  assert.equal(resolveNamespace(namespaces, "/run/netns/lab"), namespaces[2]);
  assert.equal(resolveNamespace(namespaces, "host"), namespaces[0]);
  assert.equal(resolveNamespace(namespaces, "4026532571"), web);
  assert.equal(resolveNamespace(namespaces, "gone"), null);
  assert.equal(resolveNamespace(namespaces, ""), null);
  // After a restart the same name points at the new namespace.
  const restarted = [namespaces[0], { ...web, netns: 4026533333 }];
  assert.equal(resolveNamespace(restarted, "web").netns, 4026533333);
  assert.deepEqual(namespaces.map(namespaceSlug), ["systemd(1)", "web", "lab"]);
  assert.deepEqual(namespaceSlug({ netns: 5, initial: true }), "host");
  assert.deepEqual(namespaceSlug({ netns: 5, containers: [{ name: "b", prefix: "a" }] }), "[a]:b");
  assert.deepEqual(addressesOf(web["network-interfaces"][1], { ipv4: true, ipv6: false }), ["172.17.0.2/16"]);
});
