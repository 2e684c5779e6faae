"""Opening hours: the OpenStreetMap ``opening_hours`` value of a row, read for the days the site
publishes (its calendar and public holidays), as a week, special days and words.

``calendar`` (the window and its holidays, made once per build and passed along), ``spelling``
(the one way a value is written), ``face`` (the second reader the library is held to),
``schedule`` (the library's reading, day by day), ``words`` (the week in words), ``status``
("open now", the find page's Python twin)."""
