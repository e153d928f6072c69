// Content-Disposition: the upload's file name and the download header.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { attachmentDisposition, fileNameFromDisposition } from './content-disposition.js';

describe('fileNameFromDisposition', () => {
  const cases: Array<[string | undefined, string | null]> = [
    ['attachment; filename="report.pdf"', 'report.pdf'],
    ['attachment; filename=report.pdf', 'report.pdf'],
    ['inline; filename="a \\"quoted\\" name.txt"', 'a "quoted" name.txt'],
    ["attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf", 'résumé.pdf'],
    ["attachment; filename=\"fallback.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf", 'résumé.pdf'],
    ["attachment; filename*=utf-8'en'na%20me.txt; filename=x", 'na me.txt'],
    ["attachment; filename*=iso-8859-1''caf%E9.txt", 'café.txt'],
    ["attachment; filename*=UTF-8''%E0%A4%A; filename=fallback.txt", 'fallback.txt'],
    ['form-data; name="f"; filename="up.bin"', 'up.bin'],
    ['attachment; FILENAME="upper.txt"', 'upper.txt'],
    ['attachment; filename="report.pdf";', 'report.pdf'],
    ['attachment', null],
    ['attachment; filename=""', null],
    ['attachment; filename="unterminated', null],
    ['filename="no-type.txt"', null],
    ['; filename=x', null],
    ['', null],
    [undefined, null],
  ];
  for (const [header, name] of cases) it(`${JSON.stringify(header)} → ${JSON.stringify(name)}`, () => assert.equal(fileNameFromDisposition(header), name));
});

describe('attachmentDisposition', () => {
  const cases: Array<[string, string]> = [
    ['report.pdf', "attachment; filename=report.pdf; filename*=UTF-8''report.pdf"],
    ['raw1', "attachment; filename=raw1; filename*=UTF-8''raw1"],
    ['my report.pdf', "attachment; filename=\"my report.pdf\"; filename*=UTF-8''my%20report.pdf"],
    ['résumé.pdf', "attachment; filename=r_sum_.pdf; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf"],
    ['a"b\\c.txt', "attachment; filename=\"a\\\"b\\\\c.txt\"; filename*=UTF-8''a%22b%5Cc.txt"],
    ["it's (1)*.txt", "attachment; filename=\"it's (1)*.txt\"; filename*=UTF-8''it%27s%20%281%29%2A.txt"],
    ['evil\r\nSet-Cookie: x=1', "attachment; filename=\"evil__Set-Cookie: x=1\"; filename*=UTF-8''evil%0D%0ASet-Cookie%3A%20x%3D1"],
    ['lone\uD800.txt', "attachment; filename=lone_.txt; filename*=UTF-8''lone%EF%BF%BD.txt"],
  ];
  for (const [name, header] of cases) it(`${JSON.stringify(name)} → ${header}`, () => assert.equal(attachmentDisposition(name), header));
  it('round-trips through the parser', () => {
    for (const name of ['report.pdf', 'résumé.pdf', 'a "b".txt', '日本語.txt']) assert.equal(fileNameFromDisposition(attachmentDisposition(name)), name);
  });
});
