/** PyNN export without running PyNN: the script's content, the CLI, the data file, and what is refused. */
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { InvalidParameterError } from '../../host/errors';
import { brunel, cuba, song2000 } from '../../host/model/examples';
import type { NetworkModel } from '../../host/model/network';
import { pynnScript } from '../../host/pynn/export';
import { runPython, useReference } from '../harness/references';

const root = resolve(import.meta.dirname, '../..');
const cli = (args: string[]) => spawnSync(process.execPath, [resolve(root, 'bin/spikegpu.mjs'), ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });

test('CUBA, Brunel and Song 2000 as PyNN scripts: cells, connectors, units, STDP', () => {
  const c = pynnScript(cuba({ size: 400 }), { dt: 0.1 }).script;
  expect(c).toContain('sim.setup(timestep=DT, min_delay=DT)');
  expect(c).toMatch(/pops\["exc"\] = sim\.Population\(320, sim\.IF_curr_exp\(tau_m=20, cm=20, v_rest=-49, v_thresh=-50, v_reset=-60, tau_refrac=5, i_offset=0, tau_syn_E=5, tau_syn_I=10\), label="exc"\)/);
  expect(c).toContain('pops["exc"].initialize(v=DATA["p0.v0"])');
  expect(c).toContain('prj["inh->exc"] = sim.Projection(pops["inh"], pops["exc"], sim.FixedProbabilityConnector(0.02, rng=rng), sim.StaticSynapse(weight=-9, delay=delay_ms(DT)), receptor_type="inhibitory", label="inh->exc")');
  const b = pynnScript(brunel({ nExc: 400, g: 5, eta: 2 }), { dt: 0.1 });
  // A delta synapse: the one-step current becomes its voltage jump J (0.1 mV * 10000 / 400 = 2.5 mV).
  expect(b.script).toMatch(/sim\.IF_curr_delta\(tau_m=20, cm=20, v_rest=0, v_thresh=20, v_reset=10, tau_refrac=2, i_offset=0\)/);
  expect(b.script).toMatch(/prj\["exc->exc"\] = sim\.Projection\(pops\["exc"\], pops\["exc"\], sim\.FixedNumberPreConnector\(40, allow_self_connections=False, rng=rng\), sim\.StaticSynapse\(weight=2\.5\d*, delay=delay_ms\(1\.5\)\)/);
  expect(b.script).toMatch(/sim\.SpikeSourcePoisson\(rate=\d/);
  const s = pynnScript(song2000({ inputs: 100 } as never), { dt: 0.1 }).script;
  expect(s).toMatch(/sim\.STDPMechanism\(timing_dependence=sim\.SpikePairRule\(tau_plus=20, tau_minus=20, A_plus=0\.01, A_minus=0\.0105\), weight_dependence=sim\.AdditiveWeightDependence\(w_min=0, w_max=0\.01\), dendritic_delay_fraction=0, weight=RandomDistribution\("uniform", low=0, high=0\.01, rng=rng\)/);
});

test('spikegpu pynn export: the script and its .npz; --same-synapses carries the very synapses; bad input refused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pynn-cli-'));
  const r = cli(['pynn', 'export', resolve(root, 'examples/cuba.json'), '--out', join(dir, 'cuba.py'), '--same-synapses']);
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout).toContain('cuba.py and cuba.npz');
  const script = readFileSync(join(dir, 'cuba.py'), 'utf8');
  expect(script).toContain('DATA = np.load(os.path.join(os.path.dirname(os.path.abspath(__file__)), "cuba.npz"))');
  expect(script).toContain('sim.FromListConnector(with_delays(DATA["c0"]), column_names=["weight", "delay"])');
  expect(existsSync(join(dir, 'cuba.npz'))).toBe(true);
  const bad = cli(['pynn', 'export', resolve(root, 'examples/cuba.json'), '--out', join(dir, 'x.txt')]);
  expect(bad.status).toBe(2);
  expect(bad.stderr).toContain("the script's name must end in .py");
});

test('numpy reads the exported .npz: synapse lists with the synapses spikegpu builds, per-neuron arrays; the script compiles', () => {
  useReference('numpy');
  const dir = mkdtempSync(join(tmpdir(), 'pynn-npz-'));
  const r = cli(['pynn', 'export', resolve(root, 'examples/cuba.json'), '--out', join(dir, 'net.py'), '--same-synapses', '--seed', '3']);
  expect(r.status, r.stderr).toBe(0);
  const p = runPython('numpy', ['-c', `import json, sys, py_compile, numpy as n
py_compile.compile(sys.argv[1] + '/net.py', doraise=True)
z = n.load(sys.argv[1] + '/net.npz')
print(json.dumps({k: [list(z[k].shape), float(z[k].sum())] for k in sorted(z.files)}))`, dir]);
  expect(p.status, p.stderr).toBe(0);
  const got = JSON.parse(p.stdout) as Record<string, [number[], number]>;
  expect(Object.keys(got)).toEqual(['c0', 'c1', 'c2', 'c3', 'p0.v0', 'p1.v0']);
  // CUBA: 3200 x 3200 x 0.02 = 204 800 expected exc->exc synapses, 4 columns.
  expect(got.c0![0][1]).toBe(4);
  expect(Math.abs(got.c0![0][0]! - 204800)).toBeLessThan(2000);
  expect(got['p0.v0']![0]).toEqual([3200]);
});

test('what PyNN cannot express is refused with typed errors; names stay quoted strings', () => {
  const refuse = (m: NetworkModel, re: RegExp) => {
    let err: unknown;
    try { pynnScript(m, { dt: 0.1 }); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(InvalidParameterError);
    expect(String(err)).toMatch(re);
  };
  refuse({ populations: [{ name: 'a', model: 'alif', size: 2, params: { beta: 1 } }], projections: [] }, /PyNN export: population 'a' model = "alif" is not allowed; expected lif, lifCond, izhikevich, poisson or spikeArray/);
  refuse({ populations: [{ name: 'a', model: 'lif', size: 2, params: { reset: 'soft' } }], projections: [] }, /params\.reset = "soft" is not allowed; expected 'hard'/);
  refuse({ populations: [{ name: 'a', model: 'izhikevich', size: 2, params: { noiseSd: 2 } }], projections: [] }, /params\.noiseSd = 2 is not allowed/);
  refuse({
    populations: [{ name: 'a', model: 'lif', size: 2 }],
    projections: [{ name: 'p', pre: 'a', post: 'a', target: 'exc', connectivity: { rule: 'allToAll' }, weight: 0.1, synapse: { rule: 'stdp', wMax: 1, pairing: 'nearest' } }],
  }, /projection 'p' synapse\.pairing = "nearest" is not allowed/);
  const odd = 'x.y>z-0';
  const s = pynnScript({ populations: [{ name: odd, model: 'lif', size: 2 }], projections: [] }, { dt: 0.1 }).script;
  expect(s.split(odd).length - 1).toBeGreaterThan(1);
  for (const line of s.split('\n').filter((l) => l.includes(odd))) expect(line.replaceAll(`"${odd}"`, '')).not.toContain(odd);
});
