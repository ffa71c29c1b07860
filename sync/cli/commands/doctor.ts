// `doctor`: the one command IT runs after installing (see docs/it-guide.md).
import { runDoctor } from '../../doctor/runDoctor.js';
import { formatDoctorReport } from '../../doctor/formatReport.js';
import { configOption, flag, jsonOption, str, type Command } from '../command.js';

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'Kontrollera installationen: konfiguration, mappar, utrymme, källor, klocka, tjänst',
  usage: 'doctor [--json] [--config PATH]',
  options: { ...configOption, ...jsonOption },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const report = await runDoctor({ configPath: str(args, 'config'), env: io.env });
    if (flag(args, 'json')) io.json(report);
    else io.out(formatDoctorReport(report));
    return report.exitCode;
  },
};
