import { requireProgram } from '../helpers/systemProgram.js';
import { defineSourceContract } from './sourceContract.js';
import { manifestFixture } from './fixtures.js';

const nginx = requireProgram('nginx', 'the manifest source contract serves the library with it', ['/usr/sbin/nginx']);
defineSourceContract('manifest (nginx)', async () => (nginx ? manifestFixture(nginx) : null));
